import type { TrtexecReport } from './schema.js';

type Metric = NonNullable<NonNullable<TrtexecReport['performance']>['latency']>;

const n = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : String(v));

/** `min = X ms, max = X ms, …, percentile(90%) = X ms`, the way trtexec prints a metric. */
function metricLine(label: string, m: Metric | undefined): string[] {
  if (!m) return [];
  const percentiles = Object.entries(m.percentiles).map(([p, v]) => `, percentile(${p}%) = ${n(v)} ms`);
  return [`${label}: min = ${n(m.min)} ms, max = ${n(m.max)} ms, mean = ${n(m.mean)} ms, median = ${n(m.median)} ms${percentiles.join('')}`];
}

/** A human summary of a report: trtexec's own performance summary, plus the verdict and its hint. */
export function formatTrtexecReport(report: TrtexecReport, options: { topLayers?: number } = {}): string {
  const lines: string[] = [];
  const verdict = report.outcome === 'incomplete' ? 'NO END LINE' : report.passed ? 'PASSED' : 'FAILED';
  lines.push(`trtexec ${verdict}${report.tensorrtVersion ? ` — TensorRT ${report.tensorrtVersion}` : ''}  (${report.sources.log})`);
  if (report.command) lines.push(`command: ${report.command}`);
  if (report.device?.name) lines.push(`device: ${report.device.name}${report.device.computeCapability ? ` (compute ${report.device.computeCapability})` : ''}`);
  const b = report.build;
  const facts = [
    b.precision && `precision ${b.precision}`,
    b.parseSeconds != null && `parse ${b.parseSeconds} s`,
    b.buildSeconds != null && `build ${b.buildSeconds} s`,
    b.engineSizeMiB != null && `engine ${b.engineSizeMiB} MiB`,
    b.loadSeconds != null && `load ${b.loadSeconds} s`,
    b.inferenceSkipped && 'inference skipped',
  ].filter(Boolean);
  if (facts.length > 0) lines.push(`build: ${facts.join(', ')}`);
  for (const binding of report.bindings) lines.push(`${binding.direction} ${binding.name}: ${binding.shape}${binding.dtype ? ` ${binding.dtype}` : ''}`);
  const p = report.performance;
  if (p) {
    lines.push('', '=== Performance summary ===');
    if (p.throughputQps !== undefined) lines.push(`Throughput: ${n(p.throughputQps)} qps`);
    lines.push(
      ...metricLine('Latency', p.latency),
      ...metricLine('Enqueue Time', p.enqueueTime),
      ...metricLine('H2D Latency', p.h2dLatency),
      ...metricLine('GPU Compute Time', p.gpuComputeTime),
      ...metricLine('D2H Latency', p.d2hLatency),
    );
    for (const [name, m] of Object.entries(p.otherMetrics)) lines.push(...metricLine(name, m));
    if (p.totalHostWalltimeSeconds !== undefined) lines.push(`Total Host Walltime: ${n(p.totalHostWalltimeSeconds)} s`);
    if (p.totalGpuComputeTimeSeconds !== undefined) lines.push(`Total GPU Compute Time: ${n(p.totalGpuComputeTimeSeconds)} s`);
    for (const note of p.notes) lines.push(`* ${note.message}${note.advice ? `\n  ${note.advice}` : ''}`);
  }
  const profile = report.layerProfile;
  if (profile && profile.layers.length > 0) {
    const top = [...profile.layers].sort((x, y) => (y.timeMs ?? 0) - (x.timeMs ?? 0)).slice(0, options.topLayers ?? 10);
    lines.push('', `=== Layers by time (${profile.source}${profile.iterations !== undefined ? `, ${profile.iterations} iterations` : ''}) ===`);
    for (const l of top) lines.push(`${n(l.averageMs).padStart(10)} ms avg  ${n(l.percentage).padStart(5)}%  ${l.name}${l.type ? ` [${l.type}]` : ''}`);
  }
  for (const w of report.exportWarnings ?? []) lines.push(`warning ${w.code} (${report.sources[w.file] ?? w.file}): ${w.message}`);
  if (report.failure) {
    lines.push('', `failure: ${report.failure.class} — ${report.failure.summary}`, `hint: ${report.failure.hint}`);
    if (report.failure.evidence[0]) lines.push(`evidence: ${report.failure.evidence[0].split('\n')[0]}`);
  }
  return `${lines.join('\n')}\n`;
}
