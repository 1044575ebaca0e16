import { exportShapeError, isObject, numberField, parseExportText } from './common.js';

/** One timed iteration of `--exportTimes` (ms since the start of the run). */
export interface TrtexecTimingRecord {
  startEnqMs?: number;
  endEnqMs?: number;
  startH2dMs?: number;
  endH2dMs?: number;
  startComputeMs?: number;
  endComputeMs?: number;
  startD2hMs?: number;
  endD2hMs?: number;
  h2dMs?: number;
  computeMs?: number;
  d2hMs?: number;
  latencyMs?: number;
  /** Written by 8.x versions that also printed `End-to-End Host Latency`. */
  endToEndMs?: number;
}

const FIELDS = [
  'startEnqMs', 'endEnqMs', 'startH2dMs', 'endH2dMs', 'startComputeMs', 'endComputeMs',
  'startD2hMs', 'endD2hMs', 'h2dMs', 'computeMs', 'd2hMs', 'latencyMs', 'endToEndMs',
] as const;

// Older sampleReporting named host↔device copies "In"/"Out"; read them under today's names.
// (Recalled from TensorRT 7-era sources; no such file is among the recorded fixtures.)
const ALIASES: Record<string, (typeof FIELDS)[number]> = {
  startInMs: 'startH2dMs', endInMs: 'endH2dMs', startOutMs: 'startD2hMs', endOutMs: 'endD2hMs', inMs: 'h2dMs', outMs: 'd2hMs',
};

/** Reads an `--exportTimes` file: an array of per-iteration records (warm-ups excluded). */
export function parseTrtexecTimes(text: string, source = '<exportTimes>'): TrtexecTimingRecord[] {
  const data = parseExportText(text, source, '--exportTimes');
  if (!Array.isArray(data)) throw exportShapeError(source, '--exportTimes', 'expected a JSON array of timing records');
  return data.map((item, i) => {
    if (!isObject(item)) throw exportShapeError(source, '--exportTimes', `record ${i} is not an object`);
    const record: TrtexecTimingRecord = {};
    for (const key of Object.keys(item)) {
      const field = (FIELDS as readonly string[]).includes(key) ? (key as (typeof FIELDS)[number]) : ALIASES[key];
      const value = numberField(item, key);
      if (field && value !== undefined) record[field] = value;
    }
    return record;
  });
}
