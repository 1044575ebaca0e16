import { InvalidInputError } from '@pipeline/errors';
import type { PerfAnalyzerCsv, PerfAnalyzerCsvRow } from './types.js';

/** The `--collect-metrics` columns, whose cells are `uuid:value;uuid:value;` lists. */
const GPU_COLUMNS = new Set(['Avg GPU Utilization', 'Avg GPU Power Usage', 'Max GPU Memory Usage', 'Total GPU Memory']);

/** `gpu_uuid_0:0.33;gpu_uuid_1:0.5;` → { gpu_uuid_0: 0.33, gpu_uuid_1: 0.5 }. */
function gpuCell(cell: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of cell.split(';')) {
    const i = entry.lastIndexOf(':');
    if (i > 0) out[entry.slice(0, i)] = Number(entry.slice(i + 1));
  }
  return out;
}

/**
 * Reads perf_analyzer's `-f` CSV (plain and `--verbose-csv`, with or without `--collect-metrics`). The
 * first line starting `Concurrency,` or `Request Rate,` is the header, so a saved terminal session
 * around the file parses too. perf_analyzer writes no quoted cells (its columns are numbers and
 * `uuid:value;` lists), so a plain split on commas is the whole grammar; a `...` column (an elided
 * excerpt) is skipped. Rows keep perf_analyzer's order (sorted by throughput, not by concurrency).
 */
export function parsePerfAnalyzerCsv(text: string, file = 'perf_analyzer CSV'): PerfAnalyzerCsv {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^(Concurrency|Request Rate),/.test(l.trim()));
  if (start < 0) {
    throw new InvalidInputError('E_PERF_ANALYZER_CSV', `${file}: no perf_analyzer CSV header (a line starting "Concurrency," or "Request Rate,")`, {
      hint: 'give the file perf_analyzer wrote with -f <file>',
    });
  }
  const header = (lines[start] as string).trim().split(',');
  const mode = header[0] === 'Concurrency' ? 'concurrency' : 'request-rate';
  const rows: PerfAnalyzerCsvRow[] = [];
  for (const [offset, raw] of lines.slice(start + 1).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('$')) break; // the next command of a saved session
    const cells = line.split(',');
    const value = Number(cells[0]);
    if (!Number.isFinite(value)) {
      throw new InvalidInputError('E_PERF_ANALYZER_CSV', `${file}:${start + offset + 2}: "${cells[0]}" is not a ${header[0]}`, { hint: 'the first column of every row is a number' });
    }
    const row: PerfAnalyzerCsvRow = { mode, value, columns: {}, gpu: {} };
    for (const [i, name] of header.entries()) {
      const cell = cells[i];
      if (i === 0 || name === '...' || name === '' || cell === undefined || cell === '...') continue;
      if (GPU_COLUMNS.has(name)) row.gpu[name] = gpuCell(cell);
      else if (cell !== '' && Number.isFinite(Number(cell))) row.columns[name] = Number(cell);
    }
    rows.push(row);
  }
  return { header, rows };
}
