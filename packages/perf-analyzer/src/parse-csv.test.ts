import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePerfAnalyzerCsv } from './parse-csv.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/recorded/triton/perf_analyzer');
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('parsePerfAnalyzerCsv', () => {
  it('reads every cell of the plain CSV, rows in the file’s (throughput) order', () => {
    const text = read('04_docs_perf.csv');
    const csv = parsePerfAnalyzerCsv(text);
    const [headerLine, ...rowLines] = text.trim().split('\n');
    expect(csv.header).toEqual(headerLine?.split(','));
    expect(csv.rows.map((r) => r.value)).toEqual(rowLines.map((l) => Number(/^(\d+),/.exec(l)?.[1])));
    // Each row's p99 is its last number, its throughput its second: read by regex, not by column.
    for (const [i, line] of rowLines.entries()) {
      expect(csv.rows[i]?.columns['p99 latency']).toBe(Number(/,(\d+)$/.exec(line)?.[1]));
      expect(csv.rows[i]?.columns['Inferences/Second']).toBe(Number(/^\d+,([\d.]+),/.exec(line)?.[1]));
      expect(Object.keys(csv.rows[i]?.columns ?? {})).toHaveLength((headerLine?.split(',').length ?? 0) - 1);
    }
  });

  it('finds the CSV inside a saved terminal session, the same as the file', () => {
    expect(parsePerfAnalyzerCsv(read('04_docs_perf_csv_with_cmd.txt'))).toEqual(parsePerfAnalyzerCsv(read('04_docs_perf.csv')));
  });

  it('reads --collect-metrics columns as per-GPU maps, skipping an elided "..." column', () => {
    const text = read('05_docs_verbose_csv_gpu_metrics_SIMPLIFIED.txt');
    const csv = parsePerfAnalyzerCsv(text);
    const lines = text.split('\n').filter((l) => /^\d+,/.test(l));
    expect(csv.rows).toHaveLength(lines.length);
    for (const [i, line] of lines.entries()) {
      const row = csv.rows[i];
      const cells = line.split(',');
      // Column order in the header: utilization, power, max memory, total memory.
      const pairs = (cell: string | undefined) => Object.fromEntries([...(cell ?? '').matchAll(/([\w-]+):([\d.]+);/g)].map((m) => [m[1], Number(m[2])]));
      expect(row?.gpu['Avg GPU Utilization']).toEqual(pairs(cells[2]));
      expect(row?.gpu['Avg GPU Power Usage']).toEqual(pairs(cells[3]));
      expect(row?.gpu['Max GPU Memory Usage']).toEqual(pairs(cells[4]));
      expect(row?.gpu['Total GPU Memory']).toEqual(pairs(cells[5]));
      expect(row?.columns).toEqual({});
    }
  });

  it('refuses text with no CSV header, and a row whose first cell is not a number', () => {
    expect(parsePerfAnalyzerCsv('Request Rate,Inferences/Second\n10,9.5\n').rows).toEqual([{ mode: 'request-rate', value: 10, columns: { 'Inferences/Second': 9.5 }, gpu: {} }]);
    expect(() => parsePerfAnalyzerCsv(read('01_quick_start_simple_http_sync.txt'), 'x.csv')).toThrow(expect.objectContaining({ code: 'E_PERF_ANALYZER_CSV' }));
    expect(() => parsePerfAnalyzerCsv('Concurrency,Inferences/Second\nabc,1\n', 'x.csv')).toThrow(/x\.csv:2: "abc"/);
  });
});
