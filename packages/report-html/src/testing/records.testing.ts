import { readFileSync } from 'node:fs';
import { type RunRecord, readRunRecord } from '@pipeline/reports';
import { concurrencyRangeStage, ensembleStage } from './perf-analyzer-records.testing.js';

/** The real ocr-report run (see fixtures/README.md), read through the versioned reader. */
export function ocrReportRun(): RunRecord {
  const url = new URL('../fixtures/ocr-report.run.json', import.meta.url);
  return readRunRecord(JSON.parse(readFileSync(url, 'utf8')), url.pathname);
}

/** The ocr-report run with the two recorded server load tests added as stages: every section has data. */
export function fullRun(): RunRecord {
  const record = ocrReportRun();
  return { ...record, stages: [...record.stages, concurrencyRangeStage(), ensembleStage()] };
}
