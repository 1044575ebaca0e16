import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built CLI, spawned, on pipelines/exec-example.yaml and on test/fixtures/run/*
// (each a deploy.yaml and an expected.json with the exit code and each stage's status and error code).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const fixtures = path.join(repoRoot, 'test/fixtures/run');
// ajv ships CommonJS: under NodeNext its default import is the module object, whose `default` is the class.
const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const validateRecord = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(path.join(repoRoot, 'schemas/run.schema.json'), 'utf8')));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface RecordLike {
  status: string;
  runId: string;
  stages: { id: string; status: string; error?: { code: string; kind?: string }; log?: string }[];
}

function record(result: CliResult): RecordLike {
  const parsed = JSON.parse(result.stdout) as RecordLike;
  expect(validateRecord(parsed), JSON.stringify(validateRecord.errors)).toBe(true);
  return parsed;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const statuses = (r: RecordLike) => Object.fromEntries(r.stages.map((s) => [s.id, s.status]));

beforeAll(() => {
  // npm test builds first; a lone `vitest run` of this file builds what it needs.
  if (!existsSync(bin)) spawnSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('pipeline run on pipelines/exec-example.yaml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(repoRoot, 'pipelines/exec-example.yaml'), path.join(dir, 'exec-example.yaml'));
  cpSync(path.join(repoRoot, 'pipelines/data'), path.join(dir, 'data'), { recursive: true });
  const corpus = path.join(dir, 'data/corpus.txt');
  const sha = () => `sha256:${createHash('sha256').update(readFileSync(corpus)).digest('hex')}`;

  it('runs, then re-runs entirely from cache, then explains and re-runs what an edited input changed', () => {
    const first = cli(['run', 'exec-example.yaml', '--json'], dir);
    expect(first.code, first.stderr).toBe(0);
    const firstRecord = record(first);
    expect(new Set(Object.values(statuses(firstRecord)))).toEqual(new Set(['succeeded']));
    const report = JSON.parse(first.stdout).stages.find((s: { id: string }) => s.id === 'report').outputs.file.path;
    const words = readFileSync(corpus, 'utf8').toLowerCase().match(/[a-z0-9]+/g)!.length;
    expect(readFileSync(report, 'utf8')).toContain(`${words} words`);

    const second = cli(['run', 'exec-example.yaml', '--json'], dir);
    expect(second.code).toBe(0);
    expect(Object.values(statuses(record(second))).every((s) => s === 'cached')).toBe(true);

    const before = sha();
    appendFileSync(corpus, 'A new line changes the corpus.\n');
    const explained = cli(['explain', 'exec-example.yaml', 'words'], dir);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain('stage words will run');
    expect(explained.stdout).toContain(`input files[./data/corpus.txt]: digest ${before.slice(0, 19)}… → ${sha().slice(0, 19)}…`);
    const downstream = cli(['explain', 'exec-example.yaml', 'report'], dir);
    expect(downstream.stdout).toMatch(/stage report will run[\s\S]*stage words will run[\s\S]*corpus\.txt/);

    const third = record(cli(['run', 'exec-example.yaml', '--json'], dir));
    expect(statuses(third)).toEqual({ words: 'succeeded', count: 'succeeded', top: 'succeeded', report: 'succeeded' });
  });

  it('hits the cache when only the input file’s mtime changes', () => {
    const now = new Date(Date.now() + 5_000);
    writeFileSync(corpus, readFileSync(corpus));
    cli(['run', 'exec-example.yaml'], dir);
    spawnSync('touch', ['-d', now.toISOString(), corpus]);
    const touched = record(cli(['run', 'exec-example.yaml', '--json'], dir));
    expect(Object.values(statuses(touched)).every((s) => s === 'cached')).toBe(true);
  });

  it('refuses a second run while the workspace is locked (exit 2)', () => {
    writeFileSync(path.join(dir, '.pipeline/lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'now' }));
    const locked = cli(['run', 'exec-example.yaml'], dir);
    rmSync(path.join(dir, '.pipeline/lock'));
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('E_WORKSPACE_LOCKED');
  });
});

describe('run fixtures', () => {
  const cases = readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  it.each(cases)('%s', (name) => {
    const dir = path.join(fixtures, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
      args?: string[];
      env?: Record<string, string>;
      exitCode: number;
      /** Each stage's status, error code and (for an errored stage) error.kind. */
      stages?: Record<string, { status: string; error?: string; kind?: string }>;
      log?: { stage: string; contains: string; notContains: string };
      /** Pipeline output → how run.json records it. */
      outputs?: Record<string, 'artifact' | 'artifacts' | 'value' | 'absent'>;
      /** A secret's value: in no output, no run record, no cache entry. */
      hidden?: string;
    };
    rmSync(path.join(dir, '.pipeline'), { recursive: true, force: true });
    const result = cli(['run', 'deploy.yaml', '--json', ...(expected.args ?? [])], dir, expected.env);
    expect(result.code, result.stderr).toBe(expected.exitCode);
    if (!expected.stages) {
      expect(result.stdout).toBe('');
      return;
    }
    const run = record(result);
    const actual = Object.fromEntries(
      run.stages.map((s) => [s.id, { status: s.status, ...(s.error && s.status !== 'skipped' ? { error: s.error.code } : {}), ...(s.error?.kind && s.status === 'errored' ? { kind: s.error.kind } : {}) }]),
    );
    expect(actual).toEqual(expected.stages);
    if (expected.log) {
      const stage = run.stages.find((s) => s.id === expected.log!.stage)!;
      const log = readFileSync(path.join(dir, '.pipeline/runs', run.runId, stage.log!), 'utf8');
      expect(log).toContain(expected.log.contains);
      expect(log).not.toContain(expected.log.notContains);
    }
    if (expected.outputs) {
      const outputs = (JSON.parse(result.stdout) as { outputs?: Record<string, Record<string, unknown>> }).outputs ?? {};
      expect(Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, Object.keys(o)[0]]))).toEqual(expected.outputs);
    }
    if (expected.hidden) {
      expect(result.stdout + result.stderr).not.toContain(expected.hidden);
      const recorded = ['runs', 'cache'].flatMap((sub) => filesUnder(path.join(dir, '.pipeline', sub)));
      expect(recorded.length).toBeGreaterThan(1);
      for (const file of recorded) expect(readFileSync(file, 'utf8'), file).not.toContain(expected.hidden);
    }
    rmSync(path.join(dir, '.pipeline'), { recursive: true, force: true });
  });
});

describe('reports and interruption', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JUnit XML and appends a GitHub step summary', () => {
    cpSync(path.join(fixtures, 'failure-propagation/deploy.yaml'), path.join(dir, 'deploy.yaml'));
    const summary = path.join(dir, 'summary.md');
    const result = cli(['run', 'deploy.yaml', '--json', '--continue', 'dependencies-successful', '--junit', 'out/junit.xml'], dir, { GITHUB_STEP_SUMMARY: summary });
    const run = record(result);
    const xml = readFileSync(path.join(dir, 'out/junit.xml'), 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(run.stages.length);
    expect(xml.match(/<error /g)?.length).toBe(run.stages.filter((s) => s.status === 'errored').length);
    expect(xml.match(/<skipped /g)?.length).toBe(run.stages.filter((s) => s.status === 'skipped').length);
    const markdown = readFileSync(summary, 'utf8');
    for (const stage of run.stages) expect(markdown).toContain(`| ${stage.id} |`);
  });

  it('Ctrl-C cancels the run: exit 130, run.json says cancelled, the stage’s processes are gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-interrupt-'));
    writeFileSync(path.join(dir, 'slow.yaml'), 'name: slow\nstages:\n  slow:\n    uses: exec\n    with:\n      command: [sh, -c, "sleep 30 & echo $! > ../../../../sleeper.pid; sleep 30"]\n');
    const child = spawn(process.execPath, [bin, 'run', 'slow.yaml'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('▶ slow')) setTimeout(resolve, 300);
      });
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    const runs = readdirSync(path.join(dir, '.pipeline/runs')).filter((n) => n !== 'latest.json');
    expect(runs.length).toBe(1);
    const run = JSON.parse(readFileSync(path.join(dir, '.pipeline/runs', runs[0]!, 'run.json'), 'utf8')) as RecordLike;
    expect([run.status, run.stages[0]!.status]).toEqual(['cancelled', 'cancelled']);
    expect(existsSync(path.join(dir, '.pipeline/cache'))).toBe(false);
    expect(await isGone(Number(readFileSync(path.join(dir, '.pipeline/sleeper.pid'), 'utf8')))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** Dead, or a zombie waiting for a reaper (it no longer runs). */
async function isGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const state = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : undefined;
    if (state === undefined || /\) Z /.test(state)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
