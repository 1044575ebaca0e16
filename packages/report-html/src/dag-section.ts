import type { RunRecord, StageRecord } from '@pipeline/reports';
import { esc } from './escape.js';
import { duration, figureOf, section, table } from './format.js';
import { renderDagSvg } from './dag-svg.js';

export const STATUS_COLOUR: Record<StageRecord['status'], string> = {
  succeeded: '#2f9e77',
  cached: '#3b6fd4',
  failed: '#c81e1e',
  errored: '#b45309',
  skipped: '#9ca3af',
  cancelled: '#6b7280',
};

/** Each stage's column: the longest chain of `needs` before it (records without `needs` sit in column 0). */
function columns(stages: readonly StageRecord[]): Map<string, number> {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const column = new Map<string, number>();
  const visit = (id: string, trail: Set<string>): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (trail.has(id)) return 0;
    trail.add(id);
    const needs = (byId.get(id)?.needs ?? []).filter((n) => byId.has(n));
    const c = needs.length === 0 ? 0 : 1 + Math.max(...needs.map((n) => visit(n, trail)));
    column.set(id, c);
    return c;
  };
  for (const s of stages) visit(s.id, new Set());
  return column;
}

function cacheCell(stage: StageRecord): string {
  if (stage.status === 'cached') return 'hit';
  if (!stage.cache) return '—';
  return stage.cache.enabled ? 'miss' : 'off';
}

/** The DAG drawn left to right (plain SVG, `renderDagSvg`), coloured by status, then a table of every stage. */
export function dagSection(record: RunRecord): string {
  const column = columns(record.stages);
  const rowsPerColumn = new Map<number, number>();
  // Columns 220 px apart, rows 70 px, the first node's centre half a node plus a margin in from the corner.
  const nodes = record.stages.map((s) => {
    const c = column.get(s.id) ?? 0;
    const r = rowsPerColumn.get(c) ?? 0;
    rowsPerColumn.set(c, r + 1);
    return { id: s.id, x: 96 + c * 220, y: 31 + r * 70, colour: STATUS_COLOUR[s.status], lines: [s.id, s.status === 'cached' ? 'cache hit' : `${s.status} · ${duration(s.durationMs)}`] };
  });
  const links = record.stages.flatMap((s) => (s.needs ?? []).filter((n) => column.has(n)).map((n) => ({ source: n, target: s.id })));
  const columnsUsed = Math.max(0, ...column.values()) + 1;
  const rowsUsed = Math.max(1, ...rowsPerColumn.values());
  const svg = renderDagSvg(nodes, links, { width: (columnsUsed - 1) * 220 + 192, height: (rowsUsed - 1) * 70 + 62 });
  const rows = record.stages.map((s) => [
    `<code>${esc(s.id)}</code>`,
    esc(s.uses),
    `<span class="status" style="background:${STATUS_COLOUR[s.status]}">${esc(s.status)}</span>`,
    s.status === 'cached' ? '—' : duration(s.durationMs),
    cacheCell(s),
    String(s.attempts),
    esc(s.error ? `${s.error.code}: ${s.error.message}` : (s.reason ?? '')),
  ]);
  const body = `${figureOf(svg, { chart: 'dag', stage: '', title: 'Stages (left to right in dependency order)' })}\n${table(['stage', 'uses', 'status', 'time', 'cache', 'attempts', 'note'], rows, ' class="stages"')}`;
  return section('dag', 'Pipeline', body);
}
