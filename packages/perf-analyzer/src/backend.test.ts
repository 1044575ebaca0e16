import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunTool, runPerfAnalyzer } from './backend.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const standIn = path.join(repoRoot, 'test/stand-ins/perf-analyzer-stand-in.mjs');
const recorded = (f: string) => readFileSync(path.join(repoRoot, 'test/fixtures/recorded/triton/perf_analyzer', f), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'pa-backend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A RunTool that runs the stand-in under node with the given environment, as a stage's exec would. */
function standInExec(env: Record<string, string>): RunTool {
  return (_file, args) =>
    new Promise((resolve) => {
      execFile(process.execPath, [standIn, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
        resolve({ exitCode: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, timedOut: false });
      });
    });
}

describe('runPerfAnalyzer (against the perf_analyzer stand-in that replays recorded output)', () => {
  it('passes the options as perf_analyzer flags and reads its stdout and CSV into one report', async () => {
    const argvFile = path.join(dir, 'argv.json');
    const csvFile = path.join(dir, 'perf.csv');
    const outcome = await runPerfAnalyzer(
      { executable: 'perf_analyzer', model: 'simple', url: '127.0.0.1:8000', concurrencyRange: '1:4:1', percentile: 99, shapes: { x: [3, 8] }, headers: { Authorization: 'Bearer t' }, csvFile },
      standInExec({ PERF_ANALYZER_STAND_IN_ARGV: argvFile }),
    );
    const argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
    expect(argv).toEqual(outcome.argv);
    expect(argv.join(' ')).toContain('-m simple -u 127.0.0.1:8000 -i http --concurrency-range 1:4:1 --percentile=99 --shape x:3,8 -H Authorization:Bearer t -f');
    // Stdout gave concurrency 1 in detail; the CSV adds 2, 3 and 4.
    const csvRows = recorded('04_docs_perf.csv').trim().split('\n').length - 1;
    expect(outcome.report.results.map((r) => r.concurrency)).toEqual([1, 2, 3, 4].slice(0, csvRows));
    const text = recorded('01_quick_start_simple_http_sync.txt');
    expect(outcome.report.results[0]?.timed_runs).toBe(Number(/Request count: (\d+)/.exec(text)?.[1]));
  });

  it('a perf_analyzer that exits 0 with its stdout cut inside a block is a stage error, not a report of zeros', async () => {
    const text = recorded('01_quick_start_simple_http_sync.txt');
    const lines = text.split('\n');
    const cut = lines.slice(0, lines.findIndex((l) => l.includes('Request count:')) + 1).join('\n');
    const exec: RunTool = async () => ({ exitCode: 0, stdout: cut, stderr: '', timedOut: false });
    await expect(runPerfAnalyzer({ executable: 'perf_analyzer', model: 'm', url: '127.0.0.1:1', csvFile: path.join(dir, 'cut.csv') }, exec)).rejects.toMatchObject({
      code: 'E_PERF_ANALYZER_INCOMPLETE',
      message: expect.stringContaining('Throughput'),
    });
    // The same run with the whole text is read.
    const whole: RunTool = async () => ({ exitCode: 0, stdout: text, stderr: '', timedOut: false });
    await expect(runPerfAnalyzer({ executable: 'perf_analyzer', model: 'm', url: '127.0.0.1:1', csvFile: path.join(dir, 'whole.csv') }, whole)).resolves.toBeDefined();
  });

  it('a failed perf_analyzer is a stage error carrying its failure line', async () => {
    const csvFile = path.join(dir, 'none.csv');
    const failing = standInExec({ PERF_ANALYZER_STAND_IN_EXIT: '99', PERF_ANALYZER_STAND_IN_STDOUT: '02_triton_c_api_server_stats.txt' });
    await expect(runPerfAnalyzer({ executable: 'perf_analyzer', model: 'm', url: '127.0.0.1:1', csvFile }, failing)).rejects.toMatchObject({ code: 'E_PERF_ANALYZER_FAILED' });
  });
});
