import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Binding, createFileHasher, runPlan } from '@pipeline/core';
import { artifactBinding, outputBinding, planFromStages, plannedStage } from '@pipeline/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execStage } from './exec-stage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stage-exec-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A literal path as `loadPipeline` binds it: ingested (hashed), keyed by the path as written. */
async function fileInputs(...names: string[]): Promise<Binding> {
  const hasher = await createFileHasher();
  const entries: Record<string, Binding> = {};
  for (const name of names) {
    const { digest, size } = await hasher.hashFile(join(dir, name));
    entries[`./${name}`] = artifactBinding({ kind: 'file', digest, size, path: join(dir, name), meta: {} });
  }
  return { type: 'object', entries, loc: undefined };
}

const run = (stages: ReturnType<typeof plannedStage>[]) => runPlan(planFromStages(stages, { baseDir: dir }), { workspace: join(dir, '.pipeline'), killGraceMs: 200 });

const upperCaseJs = 'const fs = require("node:fs"); fs.writeFileSync(process.argv[2], fs.readFileSync(process.argv[1], "utf8").toUpperCase())';

describe('exec stage', () => {
  it('runs an argv command on declared inputs and collects exactly the declared outputs', async () => {
    await writeFile(join(dir, 'in.txt'), 'some text\n');
    const record = await run([
      plannedStage('up', execStage, {
        inputs: { files: await fileInputs('in.txt') },
        params: { command: ['node', '-e', `${upperCaseJs}; fs.writeFileSync("scratch.tmp", "")`, '{in:in.txt}', 'up.txt'], outputs: ['up.txt'] },
      }),
    ]);
    const stage = record.stages[0]!;
    expect(stage.status).toBe('succeeded');
    const input = await readFile(join(dir, 'in.txt'), 'utf8');
    expect(await readFile(stage.outputs.file!.path, 'utf8')).toBe(input.toUpperCase());
    expect(stage.outputs.out!.meta).toEqual({ files: ['up.txt'] });
    await expect(stat(join(stage.outputs.out!.path, 'scratch.tmp'))).rejects.toThrow();
  });

  it('saves standard output as a declared file', async () => {
    await writeFile(join(dir, 'data.txt'), 'x'.repeat(1234));
    const record = await run([plannedStage('count', execStage, { inputs: { files: await fileInputs('data.txt') }, params: { command: ['wc', '-c', '{in:data.txt}'], stdout: 'count.txt' } })]);
    const text = await readFile(record.stages[0]!.outputs.file!.path, 'utf8');
    expect(Number(/^\s*(\d+)/.exec(text)?.[1])).toBe((await stat(join(dir, 'data.txt'))).size);
  });

  it('chains: a consumer names its producer’s file by the producer’s id', async () => {
    await writeFile(join(dir, 'in.txt'), 'abc');
    const chained: Binding = { type: 'object', entries: { up: outputBinding('up', 'file') }, loc: undefined };
    const record = await run([
      plannedStage('up', execStage, { inputs: { files: await fileInputs('in.txt') }, params: { command: ['node', '-e', upperCaseJs, '{in:0}', 'up.txt'], outputs: ['up.txt'] } }),
      plannedStage('twice', execStage, { inputs: { files: chained }, params: { command: ['node', '-e', 'const fs = require("node:fs"); const t = fs.readFileSync(process.argv[1], "utf8"); fs.writeFileSync("t.txt", t + t)', '{in:up}'], outputs: ['t.txt'] } }),
    ]);
    expect(record.stages.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    expect(await readFile(record.stages[1]!.outputs.file!.path, 'utf8')).toBe('ABCABC');
  });

  it('runs a zx script, whose content enters the cache key', async () => {
    await writeFile(join(dir, 'data.txt'), 'hello');
    const script = (body: string) => writeFile(join(dir, 'job.mjs'), `#!/usr/bin/env zx\n${body}\n`);
    await script('await fs.writeFile("len.txt", String((await fs.readFile(process.env.PIPELINE_IN_DATA_TXT, "utf8")).length))');
    const stageWith = async () => {
      const { entries } = (await fileInputs('job.mjs')) as { entries: Record<string, Binding> };
      return plannedStage('zx', execStage, { inputs: { files: await fileInputs('data.txt'), script: entries['./job.mjs']! }, params: { outputs: ['len.txt'] } });
    };
    const first = await run([await stageWith()]);
    expect(first.stages[0]!.status).toBe('succeeded');
    expect(await readFile(first.stages[0]!.outputs.file!.path, 'utf8')).toBe(String('hello'.length));
    expect((await run([await stageWith()])).stages[0]!.status).toBe('cached');
    await script('await fs.writeFile("len.txt", "changed")');
    const third = await run([await stageWith()]);
    expect(third.stages[0]!.status).toBe('succeeded');
    expect(third.stages[0]!.cache!.components.inputs.script).not.toBe(first.stages[0]!.cache!.components.inputs.script);
  });

  // A command that fails is exit 3; the user's own wiring mistakes (found by the stage's check before
  // the command starts) are exit 2, as `pipeline check` reports them.
  it.each([
    [{ command: ['true'], outputs: ['never.txt'] }, 'E_EXEC_OUTPUT_MISSING', 3],
    [{ command: ['sh', '-c', 'echo broken >&2; exit 3'] }, 'E_EXEC_FAILED', 3],
    [{ command: ['cat', '{in:nope}'] }, 'E_EXEC_UNKNOWN_INPUT', 2],
    [{}, 'E_EXEC_PARAMS', 2],
  ])('errors cleanly: %j → %s, exit %d', async (params, code, exitCode) => {
    const record = await run([plannedStage('s', execStage, { params })]);
    expect([record.stages[0]!.status, record.stages[0]!.error?.code, record.exitCode]).toEqual(['errored', code, exitCode]);
  });
});
