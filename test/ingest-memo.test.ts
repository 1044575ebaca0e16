import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ocrModels, repoRoot } from './support/test-models.js';

// What a kind's `ingest` read from a literal model (its graph: inputs, outputs, opsets) is remembered in
// the workspace's stat memo beside the model's digest, under the CLI build's id: an unchanged model is
// not parsed again by the next run, `check` or `plan`. The built CLI is what has a build id, so this
// test runs it as a user does.
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'ingest-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = path.join(dir, 'model.onnx');
const memoFile = path.join(dir, '.pipeline/hash-memo.json');

interface Memo {
  entries: Record<string, { digest: string; ingested?: Record<string, { inputs: { name: string }[] }> }>;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

/** The model's first input name as `plan --json` reports the literal artifact's metadata. */
function plannedInputName(): string | undefined {
  const result = cli('plan', 'p.yaml', '--json');
  expect(result.status, result.stderr).toBe(0);
  const plan = JSON.parse(result.stdout) as { stages: { inputs: { model: { artifact: { meta: { inputs: { name: string }[] } } } } }[] };
  return plan.stages[0]?.inputs.model.artifact.meta.inputs[0]?.name;
}

describe('the ONNX graph read of an unchanged literal model is remembered', () => {
  it('by a run, used by plan and check while the model is unchanged, and read again once it changes', () => {
    copyFileSync(ocrModels.cls, model);
    // An mtime well before the run, so the memo does not treat the model as racily clean.
    const old = new Date(Date.now() - 60_000);
    utimesSync(model, old, old);
    writeFileSync(path.join(dir, 'p.yaml'), 'name: ingest-memo\nstages:\n  inspect:\n    uses: inspect\n    with:\n      model: ./model.onnx\n');

    const realName = plannedInputName();
    expect(realName).toBe('x');
    expect(cli('run', 'p.yaml').status).toBe(0);

    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as Memo;
    const entry = memo.entries[model];
    const slots = Object.keys(entry?.ingested ?? {});
    // One slot, under the build's id (the folder its code caches use, `bin.cjs`'s build id) and the kind.
    const buildId = /"\.v8-cache", "([0-9a-f]{16})"/.exec(readFileSync(path.join(repoRoot, 'packages/cli/dist/bin.cjs'), 'utf8'))?.[1];
    expect(slots).toEqual([`${buildId}|onnx-model`]);

    // A name only the memo holds shows that plan took the metadata from there, not from the file.
    const remembered = entry?.ingested?.[slots[0] as string];
    if (remembered?.inputs[0]) remembered.inputs[0].name = 'x-as-remembered';
    writeFileSync(memoFile, JSON.stringify(memo));
    expect(plannedInputName()).toBe('x-as-remembered');
    expect(cli('check', 'p.yaml').status).toBe(0);

    // Remembered by another build of the CLI: not trusted, the model is read.
    const otherBuild = JSON.parse(JSON.stringify(memo)) as Memo;
    const otherEntry = otherBuild.entries[model];
    if (otherEntry?.ingested) otherEntry.ingested = { '0000000000000000|onnx-model': remembered as { inputs: { name: string }[] } };
    writeFileSync(memoFile, JSON.stringify(otherBuild));
    expect(plannedInputName()).toBe(realName);

    // The model changes (here only its times, which is all the memo looks at): read again.
    writeFileSync(memoFile, JSON.stringify(memo));
    expect(plannedInputName()).toBe('x-as-remembered');
    const older = new Date(Date.now() - 120_000);
    utimesSync(model, older, older);
    expect(plannedInputName()).toBe(realName);
  });
});

describe('check and plan keep what they read', () => {
  it('in a workspace a run made, for the next call; they never make a workspace', () => {
    const folder = mkdtempSync(path.join(dir, 'check-'));
    const own = path.join(folder, 'model.onnx');
    copyFileSync(ocrModels.cls, own);
    const old = new Date(Date.now() - 60_000);
    utimesSync(own, old, old);
    writeFileSync(path.join(folder, 'p.yaml'), 'name: check-memo\nstages:\n  inspect:\n    uses: inspect\n    with:\n      model: ./model.onnx\n');
    const inFolder = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

    // No workspace: check reads the model and leaves nothing behind.
    expect(inFolder('check', 'p.yaml').status).toBe(0);
    expect(existsSync(path.join(folder, '.pipeline'))).toBe(false);

    // A workspace whose memo holds nothing (as after a run of another build): check fills it in.
    const ownMemo = path.join(folder, '.pipeline/hash-memo.json');
    mkdirSync(path.dirname(ownMemo));
    writeFileSync(ownMemo, JSON.stringify({ version: 1, entries: {} }));
    expect(inFolder('check', 'p.yaml').status).toBe(0);
    const entry = (JSON.parse(readFileSync(ownMemo, 'utf8')) as Memo).entries[own];
    expect(entry?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(entry?.ingested ?? {})).toEqual([expect.stringMatching(/^[0-9a-f]{16}\|onnx-model$/)]);
  });
});
