import type { RunRecord } from '@pipeline/reports';
import { accuracySection } from './accuracy-section.js';
import { benchmarkSection } from './benchmark-section.js';
import { environmentSection, otherChartsSection, tritonSection } from './context-sections.js';
import { dagSection } from './dag-section.js';
import { esc } from './escape.js';
import { duration } from './format.js';
import { gatesSection } from './gates-section.js';
import { inspectSection } from './inspect-section.js';
import { page } from './page.js';

const VERDICT: Record<RunRecord['status'], string> = { succeeded: 'succeeded', failed: 'a gate failed', errored: 'a stage errored', cancelled: 'cancelled' };

/**
 * run.json as one self-contained HTML page: the DAG with status, timings and cache hits; gates; the
 * model's inspection and lint; accuracy per output; local benchmark and server load test; the Triton
 * package; the environment. Sections without data are left out. Every chart is inline SVG drawn by
 * ECharts' server-side renderer; every text from the run is escaped. Secrets are already masked in
 * run.json, and nothing here reads anything else.
 */
export function renderRunHtml(record: RunRecord): string {
  const drawn = new Set<string>();
  const sections = [
    dagSection(record),
    gatesSection(record),
    inspectSection(record),
    accuracySection(record, drawn),
    benchmarkSection(record, drawn),
    tritonSection(record),
    otherChartsSection(record, drawn),
    environmentSection(record),
  ];
  const subtitle = `<span class="status" style="background:${record.status === 'succeeded' ? '#2f9e77' : '#c81e1e'}">${esc(VERDICT[record.status])}</span> · run <code>${esc(record.runId)}</code> · ${esc(record.pipeline.file)} · started ${esc(record.startedAt)} · ${duration(record.durationMs)} · exit code ${record.exitCode}`;
  return page({ title: `pipeline ${record.pipeline.name}`, subtitle, sections });
}
