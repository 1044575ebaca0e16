import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliIn, scratchDir } from './testing/cli-harness.testing.js';

// Every verb that writes a file the user names: a folder, or a path under a regular file (refused even
// for root), is exit 2 with E_OUTPUT_UNWRITABLE naming the flag — no stack, no temporary left behind —
// where the same command with a writable path succeeds.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const trtexecLog = path.join(root, 'test/fixtures/recorded/trtexec/trt10.16-mnist-onnx-build-and-benchmark-default-success.log');
const perfStdout = path.join(root, 'test/fixtures/recorded/triton/perf_analyzer/01_quick_start_simple_http_sync.txt');
const dir = scratchDir('output-file-');
cpSync(path.join(root, 'test/fixtures/run/skipped-if/deploy.yaml'), path.join(dir, 'deploy.yaml'));
mkdirSync(path.join(dir, 'a-folder'));
writeFileSync(path.join(dir, 'a-file'), 'not a folder\n');
const cli = cliIn(dir, { PATH: process.env.PATH, CI: 'true' });
const runIds = () => readdirSync(path.join(dir, '.pipeline', 'runs')).filter((id) => id !== 'latest.json');

/** The names in the scratch folder (and a-folder) other than what the test put there: a leftover temporary shows up here. */
const strays = () => [...readdirSync(dir), ...readdirSync(path.join(dir, 'a-folder'))].filter((n) => n.endsWith('.tmp'));

async function expectRefused(argv: string[], flag: string): Promise<void> {
  for (const target of ['a-folder', 'a-file/out.json']) {
    const result = await cli(...argv, flag, target);
    expect({ code: result.code, stack: result.stderr.includes('internal error') }).toEqual({ code: 2, stack: false });
    expect(result.stderr).toContain(`error[E_OUTPUT_UNWRITABLE] ${flag} ${path.join(dir, target)}: cannot write there`);
  }
  expect(strays()).toEqual([]);
}

describe('files named on the command line', () => {
  it('import trtexec --out / --benchmark-report and import perf-analyzer --out', async () => {
    expect((await cli('import', 'trtexec', trtexecLog, '--out', 'ok/t.json', '--benchmark-report', 'ok/b.json')).code).toBe(0);
    expect((await cli('import', 'perf-analyzer', perfStdout, '--out', 'ok/p.json')).code).toBe(0);
    expect(['t.json', 'b.json', 'p.json'].map((f) => existsSync(path.join(dir, 'ok', f)))).toEqual([true, true, true]);
    await expectRefused(['import', 'trtexec', trtexecLog], '--out');
    await expectRefused(['import', 'trtexec', trtexecLog], '--benchmark-report');
    await expectRefused(['import', 'perf-analyzer', perfStdout], '--out');
  });

  it('schema --write', async () => {
    expect((await cli('schema', '--write', 'schemas-out')).code).toBe(0);
    const result = await cli('schema', '--write', 'a-file');
    expect({ code: result.code, stack: result.stderr.includes('internal error') }).toEqual({ code: 2, stack: false });
    expect(result.stderr).toContain('error[E_OUTPUT_UNWRITABLE] --write');
  });

  it('run --junit is refused before anything runs; report --out and compare --html', async () => {
    const refused = await cli('run', 'deploy.yaml', '--junit', 'a-folder');
    expect({ code: refused.code, stack: refused.stderr.includes('internal error') }).toEqual({ code: 2, stack: false });
    expect(refused.stderr).toContain('error[E_OUTPUT_UNWRITABLE] --junit');
    expect(existsSync(path.join(dir, '.pipeline', 'runs'))).toBe(false);
    expect((await cli('run', 'deploy.yaml', '--junit', 'ok/junit.xml')).code).toBe(0);
    const [id = ''] = runIds();
    expect((await cli('report', id, '--out', 'ok/r.html')).code).toBe(0);
    expect((await cli('compare', id, id, '--html', 'ok/c.html')).code).toBe(0);
    await expectRefused(['report', id], '--out');
    await expectRefused(['compare', id, id], '--html');
  });

  it('refuses an output path that is one of the command’s own input files, leaving the input as it was', async () => {
    cpSync(trtexecLog, path.join(dir, 'run.log'));
    cpSync(perfStdout, path.join(dir, 'perf.txt'));
    const [id = ''] = runIds();
    cpSync(path.join(dir, '.pipeline', 'runs', id, 'run.json'), path.join(dir, 'kept.run.json'));
    const cases: [string[], string][] = [
      [['import', 'trtexec', 'run.log', '--out', 'run.log'], 'run.log'],
      [['import', 'trtexec', 'run.log', '--benchmark-report', './run.log'], 'run.log'],
      [['import', 'perf-analyzer', 'perf.txt', '--out', 'perf.txt'], 'perf.txt'],
      [['report', 'kept.run.json', '--out', 'kept.run.json'], 'kept.run.json'],
      [['compare', id, 'kept.run.json', '--html', 'kept.run.json'], 'kept.run.json'],
      [['run', 'deploy.yaml', '--junit', 'deploy.yaml'], 'deploy.yaml'],
    ];
    for (const [argv, input] of cases) {
      const before = readFileSync(path.join(dir, input));
      const result = await cli(...argv);
      expect({ argv, code: result.code, refused: result.stderr.includes('error[E_OUTPUT_IS_INPUT]') }).toEqual({ argv, code: 2, refused: true });
      expect(readFileSync(path.join(dir, input)).equals(before)).toBe(true);
    }
  });

  it('a GITHUB_STEP_SUMMARY that cannot be appended to is a warning; the run keeps its own exit code', async () => {
    const run = (summary: string) => cliIn(dir, { PATH: process.env.PATH, CI: 'true', GITHUB_STEP_SUMMARY: path.join(dir, summary) })('run', 'deploy.yaml');
    expect((await run('ok/summary.md')).code).toBe(0);
    const refused = await run('a-folder');
    expect({ code: refused.code, stack: refused.stderr.includes('internal error') }).toEqual({ code: 0, stack: false });
    expect(refused.stderr).toContain(`warning: the GitHub step summary was not written to ${path.join(dir, 'a-folder')}`);
  });
});
