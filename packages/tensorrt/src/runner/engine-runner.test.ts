import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectTrtexecFromHelp } from '../drive/detect.js';
import type { TrtexecExec } from '../drive/run.js';
import { createEngineRunner } from './engine-runner.js';
import { tensorrtRunner } from './runner-entry.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const help = readFileSync(path.join(repoRoot, 'test/fixtures/recorded/trtexec/trt10.16-help.txt'), 'utf8');
const detected = detectTrtexecFromHelp(help);
if (!detected) throw new Error('the recorded 10.16 help has no banner');
const bindings = [
  { name: 'x', direction: 'input' as const, dtype: 'float32', shape: ['batch', 3] },
  { name: 'scale', direction: 'input' as const, dtype: 'float32', shape: [1] },
  { name: 'y', direction: 'output' as const, dtype: 'float32', shape: ['batch', 3] },
];

/** A fake trtexec: y = 2·x, dumped as trtexec names raw bindings, into the working folder it is given. */
function fakeTrtexec(calls: string[][], behaviour: 'ok' | 'fail' | 'no-dump' = 'ok'): TrtexecExec {
  return async (_file, args, options) => {
    calls.push([...args]);
    const say = (line: string) => options.onLine?.(line, 'stdout');
    say(`&&&& RUNNING TensorRT.trtexec [TensorRT v101601] [b11] # trtexec ${args.join(' ')}`);
    if (behaviour === 'fail') {
      say(`&&&& FAILED TensorRT.trtexec [TensorRT v101601] [b11] # trtexec ${args.join(' ')}`);
      return { exitCode: 1, signal: null, timedOut: false, stdout: '', stderr: '' };
    }
    const loadInputs = args.find((a) => a.startsWith('--loadInputs='))?.slice('--loadInputs='.length) ?? '';
    const xFile = /(?:^|,)x:([^,]+)/.exec(loadInputs)?.[1] ?? '';
    const bytes = readFileSync(xFile);
    const x = Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    const y = x.map((v) => v * 2);
    if (behaviour === 'ok') writeFileSync(path.join(options.cwd ?? '.', `y.output.${x.length / 3}.3.fp32.raw`), Buffer.from(y.buffer));
    say(`&&&& PASSED TensorRT.trtexec [TensorRT v101601] [b11] # trtexec ${args.join(' ')}`);
    return { exitCode: 0, signal: null, timedOut: false, stdout: '', stderr: '' };
  };
}

const open = (exec: TrtexecExec, scratchDir: string) =>
  createEngineRunner({ engine: '/engines/m.plan', bindings, exec, location: { runner: 'local', path: '/usr/bin/trtexec', from: 'PATH' }, detected, scratchDir, timeoutMs: 10_000 });

const feeds = { x: { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([0.1, -2, 3.3333333, 4, 5e-8, 6]) }, scale: { dtype: 'float32' as const, shape: [1], data: Float32Array.from([1]) } };

describe('the TensorRT engine runner (a fake trtexec at the process boundary)', () => {
  it('feeds raw files, sets shapes of dynamic inputs only, and reads the raw dumps back exactly', async () => {
    const calls: string[][] = [];
    const scratch = mkdtempSync(path.join(tmpdir(), 'engine-runner-'));
    const out = await open(fakeTrtexec(calls), scratch).run(feeds);
    expect(out.y?.shape).toEqual([2, 3]);
    expect(Array.from(out.y?.data as Float32Array)).toEqual(Array.from(feeds.x.data.map((v) => v * 2)));
    const argv = calls[0] ?? [];
    expect(argv).toContain('--loadEngine=/engines/m.plan');
    expect(argv).toContain('--shapes=x:2x3');
    expect(argv).toContain('--dumpRawBindingsToFile');
    expect(argv.find((a) => a.startsWith('--loadInputs='))).toMatch(/^--loadInputs=x:\S+input-0\.raw,scale:\S+input-1\.raw$/);
    // The per-run folder is gone afterwards.
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('ends a failed run with E_TRTEXEC_RUN and its repro, and a passed run without the dump with E_TRTEXEC_NO_OUTPUT', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'engine-runner-'));
    await expect(open(fakeTrtexec([], 'ok'), scratch).run(feeds)).resolves.toBeDefined();
    await expect(open(fakeTrtexec([], 'fail'), scratch).run(feeds)).rejects.toMatchObject({ code: 'E_TRTEXEC_RUN', message: expect.stringMatching(/reproduce: \/usr\/bin\/trtexec --loadEngine=/) });
    await expect(open(fakeTrtexec([], 'no-dump'), scratch).run(feeds)).rejects.toMatchObject({ code: 'E_TRTEXEC_NO_OUTPUT' });
    expect(existsSync(scratch) && readdirSync(scratch)).toEqual([]);
  });
});

describe('runner: tensorrt entry', () => {
  it('refuses a target that is not an engine, and an engine without bindings', async () => {
    await expect(tensorrtRunner.open({ path: '/m.onnx', kind: 'onnx-model', settings: { bindings } })).rejects.toMatchObject({ code: 'E_TENSORRT_RUNNER_TARGET' });
    await expect(tensorrtRunner.open({ path: '/m.plan', kind: 'tensorrt-engine', settings: {} })).rejects.toMatchObject({ code: 'E_TENSORRT_RUNNER_BINDINGS' });
  });
});
