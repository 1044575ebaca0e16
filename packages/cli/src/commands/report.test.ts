import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliIn, runCli, scratchDir } from '../testing/cli-harness.testing.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/run/skipped-if/deploy.yaml');
const dir = scratchDir('report-verb-');
cpSync(fixture, path.join(dir, 'deploy.yaml'));
const cli = cliIn(dir, { PATH: process.env.PATH, CI: 'true' });
const runIds = () => readdirSync(path.join(dir, '.pipeline', 'runs')).filter((id) => id !== 'latest.json').sort();

describe('pipeline report', () => {
  it('writes the latest run’s report, or a named run’s to --out', async () => {
    expect((await cli('run', 'deploy.yaml')).code).toBe(0);
    const [id] = runIds();
    const latest = await cli('report');
    expect(latest.code).toBe(0);
    expect(latest.stdout).toBe(`report: .pipeline/runs/${id}/report.html (run ${id}, succeeded)\n`);
    const named = await cli('report', id ?? '', '--out', 'out/r.html');
    expect(named.code).toBe(0);
    const html = readFileSync(path.join(dir, 'out/r.html'), 'utf8');
    expect(html).toContain(`<code>${id}</code>`);
    const run = JSON.parse(readFileSync(path.join(dir, '.pipeline/runs', id ?? '', 'run.json'), 'utf8'));
    for (const stage of run.stages) expect(html).toContain(`<code>${stage.id}</code>`);
  });

  it('refuses an unknown run and a run.json of a newer version (exit 2), where the same file at its version is read', async () => {
    const missing = await cli('report', 'no-such-run');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('E_RUN_NOT_FOUND');
    const [id] = runIds();
    const run = JSON.parse(readFileSync(path.join(dir, '.pipeline/runs', id ?? '', 'run.json'), 'utf8'));
    writeFileSync(path.join(dir, 'same.json'), JSON.stringify(run));
    expect((await cli('report', 'same.json', '--out', 'same.html')).code).toBe(0);
    writeFileSync(path.join(dir, 'newer.json'), JSON.stringify({ ...run, schemaVersion: run.schemaVersion + 1 }));
    const newer = await cli('report', 'newer.json', '--out', 'newer.html');
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('E_RUN_RECORD_VERSION');
    expect(newer.stderr).toContain(`schemaVersion ${run.schemaVersion + 1}`);
  });
});

describe('--workspace of report and compare', () => {
  it('takes the pipeline file or the folder holding .pipeline/, as cache does, besides the .pipeline/ folder itself', async () => {
    const elsewhere = scratchDir('report-elsewhere-');
    const [id = ''] = runIds();
    for (const workspace of [path.join(dir, '.pipeline'), dir, path.join(dir, 'deploy.yaml')]) {
      const written = await runCli(['report', id, '--workspace', workspace, '--out', 'r.html'], { cwd: elsewhere });
      expect({ workspace, code: written.code, stderr: written.stderr }).toEqual({ workspace, code: 0, stderr: '' });
      const compared = await runCli(['compare', id, id, '--workspace', workspace, '--json'], { cwd: elsewhere });
      expect({ workspace, code: compared.code }).toEqual({ workspace, code: 0 });
    }
    const nothing = await runCli(['report', '--workspace', elsewhere], { cwd: elsewhere });
    expect(nothing.code).toBe(2);
  });
});

describe('GitHub Actions annotations', () => {
  it('pipeline check problems become ::error lines at the diagnostic’s file:line:col; none outside Actions', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'name: t\nstages:\n  a:\n    uses: nope\n');
    const inActions = await cliIn(dir, { PATH: process.env.PATH, GITHUB_ACTIONS: 'true' })('check', 'bad.yaml');
    expect(inActions.code).toBe(2);
    const [, file, line, col, code] = /^(\S+):(\d+):(\d+) error\[(\w+)\]/m.exec(inActions.stderr) ?? [];
    expect(inActions.stdout).toMatch(new RegExp(`^::error file=${file},line=${line},col=${col},title=${code}::`, 'm'));
    const outside = await cliIn(dir, { PATH: process.env.PATH })('check', 'bad.yaml');
    expect(outside.stdout).not.toContain('::error');
  });
});

describe('pipeline compare', () => {
  it('compares two runs by id: the same figures on both sides, as a table, JSON and HTML', async () => {
    expect((await cli('run', 'deploy.yaml', '--no-cache')).code).toBe(0);
    const ids = runIds();
    const [a, b] = ids.slice(-2);
    const json = await cli('compare', a ?? '', b ?? '', '--json', '--html', 'cmp.html');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.a.runId).toBe(a);
    expect(parsed.b.runId).toBe(b);
    const run = JSON.parse(readFileSync(path.join(dir, '.pipeline/runs', b ?? '', 'run.json'), 'utf8'));
    const sizes = run.stages.flatMap((s: { id: string; outputs: Record<string, { size: number; kind: string }> }) => Object.entries(s.outputs).map(([port, o]) => ({ stage: s.id, name: `${port} size (${o.kind})`, b: o.size })));
    for (const size of sizes) expect(parsed.figures).toContainEqual(expect.objectContaining(size));
    expect(readFileSync(path.join(dir, 'cmp.html'), 'utf8')).toContain(`<code>${b}</code>`);
    const missing = await cli('compare', a ?? '', 'nope');
    expect(missing.code).toBe(2);
  });
});
