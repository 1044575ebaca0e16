// A child process that opens model files with the ONNX Runtime runner and runs one batch of zeros,
// one file per line on stdin, answering one JSON line each: ONNX Runtime is native code, and a corrupt
// but structurally valid model could crash it; here such a crash ends this process, not the test run.
import { createInterface } from 'node:readline';
import { openOnnxRuntime } from '../../packages/runner-onnxruntime/dist/index.js';

const zeros = (spec) => {
  const shape = (spec.shape ?? [1]).map((d) => (typeof d === 'number' && d > 0 ? Math.min(d, 64) : 1));
  const n = shape.reduce((a, b) => a * b, 1);
  const data = spec.dtype === 'int64' ? new BigInt64Array(n) : spec.dtype === 'float32' ? new Float32Array(n) : spec.dtype === 'int32' ? new Int32Array(n) : spec.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  return { dtype: spec.dtype, shape, data };
};

for await (const file of createInterface({ input: process.stdin })) {
  let answer;
  try {
    const runner = await openOnnxRuntime(file, { intraOpThreads: 1 });
    try {
      await runner.run(Object.fromEntries(runner.inputs.map((spec) => [spec.name, zeros(spec)])));
      answer = { outcome: 'ran' };
    } catch (error) {
      answer = { outcome: 'refused', code: error.code, exitCode: error.exitCode, message: String(error.message).slice(0, 200) };
    } finally {
      await runner.close();
    }
  } catch (error) {
    answer = { outcome: 'refused', code: error.code, exitCode: error.exitCode, message: String(error.message).slice(0, 200) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
