import type { RunRecord, StageRecord } from './run-record.js';

/** `0.42 s`, `3.1 s`, `2 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const STATUS_MARK: Record<StageRecord['status'], string> = {
  succeeded: '✔',
  cached: '↺',
  failed: '✖',
  errored: '✖',
  skipped: '↷',
  cancelled: '■',
};

/** `✔ convert succeeded (1.20 s)` / `✖ validate failed: gate … ` — one line per finished stage. */
export function stageLine(record: StageRecord): string {
  const time = record.durationMs === undefined || record.status === 'cached' ? '' : ` (${formatDuration(record.durationMs)})`;
  const why = record.error ? `: ${record.error.code} ${record.error.message.split('\n')[0]}` : record.reason ? `: ${record.reason}` : '';
  return `${STATUS_MARK[record.status]} ${record.id} ${record.status}${time}${why}`;
}

/** `run succeeded in 1.3 s: 4 succeeded, 2 cached` — the last line of every run. */
export function runSummaryLine(record: RunRecord): string {
  const counts = new Map<string, number>();
  for (const stage of record.stages) counts.set(stage.status, (counts.get(stage.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `run ${record.status} in ${formatDuration(record.durationMs)}: ${parts || 'no stages'} (exit ${record.exitCode})`;
}
