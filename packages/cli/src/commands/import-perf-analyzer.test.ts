import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { describe, expect, it } from 'vitest';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = (f: string) => path.resolve(repoRoot, 'test/fixtures/recorded/triton/perf_analyzer', f);
const cwd = scratchDir('cli-import-pa-');
const cli = cliIn(cwd);

describe('pipeline import perf-analyzer', () => {
  it('prints a benchmark-report whose figures are the text’s, and writes it with --out', async () => {
    const file = fixture('08_server_issue3245_ensemble_p95_TRUNCATED.txt');
    const text = readFileSync(file, 'utf8');
    const { code, stdout } = await cli('import', 'perf-analyzer', file, '--json', '--out', 'report.json');
    expect(code).toBe(0);
    const report = benchmarkReportSchema.parse(JSON.parse(stdout));
    expect(JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8'))).toEqual(report);
    expect(report.results[0]?.throughput.samples_per_s).toBe(Number(/Throughput: ([\d.]+)/.exec(text)?.[1]));
    expect(report.results[0]?.server?.composing_models?.map((c) => c.name)).toEqual([/^\s*(\S+), version:/m.exec(text)?.[1]]);
  });

  it('refuses a saved stdout cut off inside a measurement (exit 2, naming the file and line) instead of reporting 0 infer/s', async () => {
    const text = readFileSync(fixture('01_quick_start_simple_http_sync.txt'), 'utf8');
    const lines = text.split('\n');
    writeFileSync(path.join(cwd, 'cut.txt'), lines.slice(0, lines.findIndex((l) => l.includes('Request count:')) + 1).join('\n'));
    const header = lines.findIndex((l) => l.startsWith('Request concurrency:')) + 1;
    const { code, stderr, stdout } = await cli('import', 'perf-analyzer', 'cut.txt');
    expect(code).toBe(2);
    expect(stderr).toContain('E_PERF_ANALYZER_INCOMPLETE');
    expect(stderr).toContain(`cut.txt:${header}:`);
    expect(stdout).toBe('');
  });

  it('merges the CSV and summarises for people', async () => {
    const { code, stdout } = await cli('import', 'perf-analyzer', fixture('04_docs_perf_csv_with_cmd.txt'), '--csv', fixture('04_docs_perf.csv'));
    expect(code).toBe(0);
    const rows = readFileSync(fixture('04_docs_perf.csv'), 'utf8').trim().split('\n').slice(1);
    expect(stdout.match(/^ {2}concurrency \d+:/gm)).toHaveLength(rows.length);
    const model = /-m (\S+)/.exec(readFileSync(fixture('04_docs_perf_csv_with_cmd.txt'), 'utf8'))?.[1];
    expect(stdout).toContain(`run of ${model} `);
  });

  it('exits 2 for a missing file, a file that is not perf_analyzer output, and a bad CSV', async () => {
    expect((await cli('import', 'perf-analyzer', fixture('01_quick_start_simple_http_sync.txt'))).code).toBe(0);
    const missing = await cli('import', 'perf-analyzer', 'nope.txt');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt');
    const notPa = await cli('import', 'perf-analyzer', fixture('PROVENANCE.md'));
    expect(notPa.code).toBe(2);
    expect(notPa.stderr).toContain('E_NOT_PERF_ANALYZER_OUTPUT');
    const badCsv = await cli('import', 'perf-analyzer', fixture('01_quick_start_simple_http_sync.txt'), '--csv', fixture('01_quick_start_simple_http_sync.txt'));
    expect(badCsv.code).toBe(2);
    expect(badCsv.stderr).toContain('E_PERF_ANALYZER_CSV');
  });
});
