// onnxruntime-node keeps process-global state shared by every JavaScript environment that loads it (its
// ONNX Runtime environment; before 1.27 also the Tensor constructor's N-API reference), and loaded in the
// main thread and in worker threads of one process it has been seen to abort the process now and then
// ("HandleScope ... without proper locking", Napi::Error); so the server keeps it to one environment per
// process. This test is that mix: ONNX Runtime in the test process, next to servers
// started in-process with several instances each, started again and again, all serving at once. The abort
// is timing-dependent; serve-instances.test.ts checks its cause directly (the server's process never maps
// the binding).
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@pipeline/serve';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clsImage } from './support/serve-repository.js';
import { ocrModels } from './support/test-models.js';

const OUTPUT = 'softmax_0.tmp_0';
const INSTANCES = 3;
let repository: string;
let session: ort.InferenceSession;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'serve-ort-env-'));
  await mkdir(join(repository, 'cls/1'), { recursive: true });
  await copyFile(ocrModels.cls, join(repository, 'cls/1/model.onnx'));
  await writeFile(
    join(repository, 'cls/config.pbtxt'),
    `platform: "onnxruntime_onnx"\nmax_batch_size: 4\ninstance_group [ { count: ${INSTANCES} kind: KIND_CPU } ]\nparameters { key: "intra_op_thread_count" value: { string_value: "1" } }\n`,
  );
  session = await ort.InferenceSession.create(ocrModels.cls, { intraOpNumThreads: 1 });
});
afterAll(async () => {
  await session?.release();
  await rm(repository, { recursive: true, force: true });
});

describe('ONNX Runtime in the test process beside in-process servers', () => {
  it('serves the same answers as the in-process session, start after start', async () => {
    const image = clsImage(1, 96, 7);
    const expected = Array.from((await session.run({ x: new ort.Tensor('float32', image, [1, 3, 48, 96]) }))[OUTPUT]!.data as Float32Array);
    const body = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 3, 48, 96], datatype: 'FP32', data: Array.from(image) }] });
    for (let start = 0; start < 5; start++) {
      const server = await startServer({ repository, port: 0 });
      try {
        // The test process keeps running ONNX Runtime while the server's instances run theirs.
        const answers = await Promise.all([
          ...Array.from({ length: 2 * INSTANCES }, () => fetch(`${server.url}/v2/models/cls/infer`, { method: 'POST', body }).then((r) => r.json())),
          session.run({ x: new ort.Tensor('float32', image, [1, 3, 48, 96]) }),
        ]);
        for (const answer of answers.slice(0, -1) as { outputs: { name: string; data: number[] }[] }[]) {
          const data = answer.outputs.find((o) => o.name === OUTPUT)?.data ?? [];
          expect(data.length).toBe(expected.length);
          for (const [i, value] of data.entries()) expect(value).toBeCloseTo(expected[i]!, 5);
        }
      } finally {
        await server.close();
      }
    }
  });
});
