import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

// `pipeline run` in-process (Vitest style): plain timestamped lines when not a TTY, stage logs with --verbose.
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/run/skipped-if/deploy.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'run-output-'));
cpSync(fixture, path.join(dir, 'deploy.yaml'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', 'deploy.yaml', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, CI: 'true' },
    stdout: {
      write: (t: string) => {
        stdout += t;
      },
      isTTY: false,
    },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
      isTTY: false,
    },
    signal: new AbortController().signal,
  });
  return { code, lines: stdout.trimEnd().split('\n'), stderr };
}

describe('pipeline run output', () => {
  it('prints one timestamped line per stage start and end, and a summary', async () => {
    const { code, lines } = await run(['--no-cache']);
    expect(code).toBe(0);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} /);
    const text = lines.map((l) => l.slice(13));
    expect(text).toContain('▶ base');
    expect(text.some((l) => l.startsWith('✔ base succeeded'))).toBe(true);
    expect(text.some((l) => l.startsWith('↷ optional skipped: '))).toBe(true);
    expect(text.at(-1)).toMatch(/^run succeeded in .*: 1 succeeded, 1 skipped \(exit 0\)$/);
    expect(text.some((l) => l.includes('[base]'))).toBe(false);
  });

  it('streams each stage’s log with --verbose', async () => {
    const { lines } = await run(['--no-cache', '--verbose']);
    expect(lines.some((l) => /\[base\] running sh -c/.test(l))).toBe(true);
  });

  it('rejects a bad flag value as a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['--continue', 'sometimes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--continue sometimes');
  });
});
