import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../testing/cli-harness.testing.js';

// `pipeline run` in-process (Vitest style): plain timestamped lines when not a TTY, stage logs with --verbose.
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/run/skipped-if/deploy.yaml');
const dir = scratchDir('run-output-');
cpSync(fixture, path.join(dir, 'deploy.yaml'));

async function run(args: string[], file = 'deploy.yaml') {
  const { code, stdout, stderr } = await runCli(['run', file, ...args], { cwd: dir, env: { PATH: process.env.PATH, CI: 'true' } });
  return { code, lines: stdout.trimEnd().split('\n'), stderr };
}

describe('pipeline run output', () => {
  it('prints one timestamped line per stage start and end, and a summary', async () => {
    const { code, lines: all } = await run(['--no-cache']);
    expect(code).toBe(0);
    // The live lines end at the first blank line; where the results went follows (tested below).
    const lines = all.slice(0, all.indexOf(''));
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

  it('prints where the pipeline’s outputs: went after the summary, relative to the cwd, absent ones with the reason', async () => {
    const { code, lines } = await run([]);
    expect(code).toBe(0);
    const at = lines.indexOf('outputs:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('');
    const [base, copy] = lines.slice(at + 1);
    const file = /^ {2}base +(\S+)$/.exec(base ?? '')?.[1] ?? '';
    expect(file).toMatch(/^\.pipeline\/store\/files\/[0-9a-f]{64}\/base\.txt$/);
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe('base\n');
    expect(copy).toMatch(/^ {2}copy +absent: stage optional was skipped/);
    expect(lines.length).toBe(at + 3);
  });

  it('prints each succeeded or cached stage’s outputs when the pipeline declares none', async () => {
    const yaml = readFileSync(path.join(dir, 'deploy.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'no-outputs.yaml'), yaml.slice(0, yaml.indexOf('\noutputs:')));
    const { code, lines } = await run([], 'no-outputs.yaml');
    expect(code).toBe(0);
    const at = lines.indexOf('stage outputs (the pipeline declares no outputs:):');
    expect(at).toBeGreaterThan(0);
    const rows = lines.slice(at + 1).map((l) => /^ {2}(\S+) +(\S+)$/.exec(l)?.slice(1));
    expect(rows.map((r) => r?.[0]).sort()).toEqual(['base.file', 'base.out']);
    for (const row of rows) expect(existsSync(path.join(dir, row?.[1] ?? '')), row?.[1]).toBe(true);
  });

  it('prints no outputs with --json (run.json has them)', async () => {
    const { lines } = await run(['--json']);
    // stdout is run.json and nothing else.
    expect(JSON.parse(lines.join('\n')).outputs.base.artifact.path).toMatch(/base\.txt$/);
  });

  it('rejects a bad flag value as a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['--continue', 'sometimes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--continue sometimes');
  });
});
