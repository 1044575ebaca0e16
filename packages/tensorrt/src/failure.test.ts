import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyTrtexecFailure, isTrtexecHelpText, parseTrtexecLog } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');
const classify = (text: string) => classifyTrtexecFailure(parseTrtexecLog(text));

describe('classifyTrtexecFailure on the recorded failures', () => {
  it('unknown options removed in TensorRT 10', () => {
    const text = read('trt10.3-unknown-options-workspace-buildOnly-explicitBatch-FAILED.excerpt.log');
    const failure = classify(text);
    expect(failure?.class).toBe('unknown-option');
    const flags = [...text.matchAll(/Unknown option: (\S+)/g)].map((m) => m[1]);
    expect(failure?.evidence).toHaveLength(flags.length);
    expect(failure?.hint).toContain('--memPoolSize=workspace:');
    expect(failure?.hint).toContain('--skipInference');
  });
  it('ONNX parse failure names the node', () => {
    const text = read('trt8.6.1-onnx-parse-failure-qdq-scale-FAILED.excerpt.log');
    const node = /While parsing node number (\d+) \[(\w+) -> "([^"]+)"\]/.exec(text);
    const failure = classify(text);
    expect(failure?.class).toBe('onnx-parse-error');
    expect(failure?.node).toEqual({ index: Number(node?.[1]), op: node?.[2], output: node?.[3] });
    expect(failure?.hint).toContain('Scale coefficients must all be positive');
  });
  it('builder failure', () => {
    const failure = classify(read('trt10.3-build-failure-engine-could-not-be-created-FAILED.excerpt.log'));
    expect(failure?.class).toBe('builder-failure');
    expect(failure?.errorCode).toBe(2);
    expect(failure?.node?.name).toBe('convBaseBuilder.cpp::createConvolution');
  });
  it('incompatible plan', () => {
    const failure = classify(read('trt10.0.1-loadEngine-incompatible-plan-FAILED.excerpt.log'));
    expect(failure?.class).toBe('incompatible-plan');
    expect(failure?.hint).toMatch(/tritonserver:YY\.MM-py3/);
  });
  it('static shape mismatch', () => {
    const failure = classify(read('trt8.6.1-loadEngine-static-shape-mismatch-FAILED.excerpt.log'));
    expect(failure?.class).toBe('shape-mismatch');
    expect(failure?.errorCode).toBe(3);
  });
  it('passed runs have no failure; an excerpt without end line is incomplete, not a crash', () => {
    expect(classify(read('trt10.16-mnist-onnx-build-and-benchmark-default-success.log'))).toBeUndefined();
    expect(classify(read('article-trt8-performance-summary.log'))?.class).toBe('incomplete-log');
  });
});

describe('help text is not a run', () => {
  it('trtexec --help (no end line) and bare trtexec (help + PASSED) are help, not a crash', () => {
    for (const file of ['trt10.16-help.txt', 'trt8.6.1-help-no-args.txt']) {
      const text = read(file);
      // Independently: the command on the &&&& RUNNING line is `trtexec` alone or with --help/-h.
      expect(/^&&&& RUNNING .* # trtexec(?: (?:--help|-h))?$/m.test(text)).toBe(true);
      const run = parseTrtexecLog(text);
      expect(isTrtexecHelpText(run)).toBe(true);
      expect(classifyTrtexecFailure(run)).toBeUndefined();
    }
  });
  it('no other fixture is help text', () => {
    const dir = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec');
    const logs = readdirSync(dir).filter((f) => /\.(log|txt)$/.test(f) && !/help/.test(f));
    expect(logs.length).toBeGreaterThan(10);
    for (const f of logs) expect(isTrtexecHelpText(parseTrtexecLog(read(f))), f).toBe(false);
  });
  it('help printed before an unknown option is still the unknown-option failure', () => {
    const text = ['&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec --help --workspace=2048', '=== Model Options ===', '[01/01/2025-00:00:00] [E] Unknown option: --workspace 2048', '&&&& FAILED TensorRT.trtexec [TensorRT v100300] # trtexec --help --workspace=2048'].join('\n');
    expect(isTrtexecHelpText(parseTrtexecLog(text))).toBe(false);
    expect(classify(text)?.class).toBe('unknown-option');
  });
});

describe('crash and incomplete heuristics on every fixture log', () => {
  it('a verdict only where the text has no PASSED line; crash only with a RUNNING line and no end line', () => {
    const dir = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec');
    for (const f of readdirSync(dir).filter((name) => /\.(log|txt)$/.test(name))) {
      const text = read(f);
      const run = parseTrtexecLog(text);
      if (isTrtexecHelpText(run)) continue;
      const passed = /^&&&& PASSED /m.test(text);
      const ended = /^&&&& (PASSED|FAILED) /m.test(text);
      const running = /^&&&& RUNNING /m.test(text);
      const cls = classifyTrtexecFailure(run)?.class;
      expect(cls === undefined, f).toBe(passed);
      expect(cls === 'crash', f).toBe(running && !ended);
      expect(cls === 'incomplete-log', f).toBe(!running && !ended);
    }
  });
});

describe('classifyTrtexecFailure on messages quoted by the reference', () => {
  const E = (msg: string) => `[01/01/2025-00:00:00] [E] ${msg}`;
  const FAILED = '&&&& FAILED TensorRT.trtexec [TensorRT v101601] # trtexec --onnx=m.onnx';
  it('a crash leaves no end line', () => {
    const failure = classify('&&&& RUNNING TensorRT.trtexec [TensorRT v101601] # trtexec --onnx=m.onnx\n[01/01/2025-00:00:00] [I] Start parsing network model.\n');
    expect(failure?.class).toBe('crash');
  });
  it('an error after the run started is not an invalid option value: no end line makes it a crash', () => {
    const text = [
      '&&&& RUNNING TensorRT.trtexec [TensorRT v101601] # trtexec --onnx=m.onnx',
      '[01/01/2025-00:00:00] [I] Start parsing network model.',
      E('Error[1]: [defaultAllocator.cpp::deallocate::52] Error Code 1: Cuda Runtime (an illegal memory access was encountered)'),
    ].join('\n');
    const failure = classify(text);
    expect(failure?.class).toBe('crash');
    expect(failure?.evidence[0]).toContain('illegal memory access');
  });
  it('a missing plugin is an unsupported operator', () => {
    const text = [
      E('[TRT] ModelImporter.cpp:771: While parsing node number 3 [MyOp -> "y"]:'),
      E('[TRT] ModelImporter.cpp:777: ERROR: builtin_op_importers.cpp:5404 In function importFallbackPluginImporter:'),
      '[8] Assertion failed: creator && "Plugin not found, are the plugin name, version, and namespace correct?"',
      '[01/01/2025-00:00:00] [I] [TRT] No importer registered for op: MyOp. Attempting to import as plugin.',
      E('[TRT] getPluginCreator could not find plugin: MyOp version: 1'),
      E('Failed to parse onnx file'),
      FAILED,
    ].join('\n');
    const failure = classify(text);
    expect(failure?.class).toBe('unsupported-operator');
    expect(failure?.node?.op).toBe('MyOp');
  });
  it('library version mismatch names both versions', () => {
    const failure = classify(
      `${E('Error[6]: IRuntime::deserializeCudaEngine: Error Code 6: API Usage Error (The engine plan file is not compatible with this version of TensorRT, expecting library version 10.14.1.48 got 10.3.0.26, please rebuild.)')}\n${FAILED}`,
    );
    expect(failure?.class).toBe('incompatible-plan');
    expect(failure?.summary).toContain('10.3.0.26');
    expect(failure?.summary).toContain('10.14.1.48');
  });
  it('another GPU is an incompatible plan with a device hint', () => {
    const failure = classify(`${E('Error[6]: The engine plan file is generated on an incompatible device, expecting compute 8.9 got compute 8.6, please rebuild.')}\n${FAILED}`);
    expect(failure?.class).toBe('incompatible-plan');
    expect(failure?.hint).toContain('hardwareCompatibilityLevel');
  });
  it('out of memory wins over the builder chain', () => {
    const failure = classify(
      [E('Error[2]: [virtualMemoryBuffer.cpp::resizePhysical::140] Error Code 2: OutOfMemory (no further information)'), E('Engine could not be created from network'), E('Building engine failed'), FAILED].join('\n'),
    );
    expect(failure?.class).toBe('out-of-memory');
  });
  it('a value given after a space is explained', () => {
    const failure = classify(`${E('Unknown option: out.plan ')}\n${FAILED}`);
    expect(failure?.class).toBe('unknown-option');
    expect(failure?.hint).toContain('--key=out.plan');
  });
  it('FAILED with no known error line is unknown', () => {
    expect(classify(FAILED)?.class).toBe('unknown');
  });
});
