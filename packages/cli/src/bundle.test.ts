import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// dist/bin.cjs is a bundle (scripts/bundle.mjs) with its own copies of the workspace packages; these
// tests hold the two things that makes fragile.
const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(cliDir, 'dist/bin.cjs');
const plugin = path.join(cliDir, 'src/fixtures/error-classes-stage.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface StageLike {
  id: string;
  status: string;
  attempts: number;
  error?: { code: string };
}

function runFile(name: string, stages: string): { code: number | null; stages: StageLike[] } {
  writeFileSync(path.join(dir, name), `name: error-classes\nplugins: [${JSON.stringify(plugin)}]\nstages:\n${stages}`);
  const result = spawnSync(process.execPath, [bin, 'run', name, '--json', '--continue', 'always'], { cwd: dir, env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
  return { code: result.status, stages: (JSON.parse(result.stdout) as { stages: StageLike[] }).stages };
}

describe('the bundled CLI and a user plugin’s @pipeline/errors', () => {
  it('a GateFailedError thrown by a plugin is a failed gate (exit 1), not a crash', () => {
    const { code, stages } = runFile('gate.yaml', '  gate: { uses: fixture/gate-error }\n');
    expect(stages.map((s) => [s.id, s.status, s.error?.code])).toEqual([['gate', 'failed', 'E_FIXTURE_GATE']]);
    expect(code).toBe(1);
  });

  it('a transient StageFailedError keeps its code and is retried', () => {
    const { code, stages } = runFile('flaky.yaml', '  flaky: { uses: fixture/transient-error, retries: 1 }\n');
    expect(stages.map((s) => [s.id, s.status, s.error?.code, s.attempts])).toEqual([['flaky', 'errored', 'E_FIXTURE_UNREACHABLE', 2]]);
    expect(code).toBe(3);
  });
});

describe('the bundle’s zod has only the English locale', () => {
  it('no workspace source selects a zod locale', () => {
    const packages = path.resolve(cliDir, '..');
    const users: string[] = [];
    for (const pkg of readdirSync(packages)) {
      const src = path.join(packages, pkg, 'src');
      for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
        if (!/\.[cm]?[jt]s$/.test(file)) continue;
        if (/\bz\.locales\b|zod\/(v4\/)?locales/.test(readFileSync(path.join(src, file), 'utf8'))) users.push(`${pkg}/src/${file}`);
      }
    }
    expect(users).toEqual([]);
  });
});

describe('the bundle’s chunks are ASCII', () => {
  it('so the chunk loader may read them as latin1, and V8 holds each as a one-byte string', () => {
    const chunks = path.join(cliDir, 'dist/chunks');
    const nonAscii = readdirSync(chunks)
      .filter((name) => name.endsWith('.cjs'))
      .filter((name) => readFileSync(path.join(chunks, name)).some((byte) => byte > 0x7f));
    expect(nonAscii).toEqual([]);
  });
});

describe('the bundle’s code caches belong to the build that made them', () => {
  it('bin.cjs reads its caches from a folder named by a digest of the chunks it loads', async () => {
    const { createHash } = await import('node:crypto');
    const chunks = path.join(cliDir, 'dist/chunks');
    const digest = createHash('sha256');
    for (const name of readdirSync(chunks).filter((n) => n.endsWith('.cjs')).sort()) digest.update(`${name}\0${readFileSync(path.join(chunks, name), 'utf8')}\0`);
    const launcher = readFileSync(path.join(cliDir, 'dist/bin.cjs'), 'utf8');
    expect(/"\.v8-cache", "([0-9a-f]{16})"/.exec(launcher)?.[1]).toBe(digest.digest('hex').slice(0, 16));
  });
});
