import type { RunRecord } from '@pipeline/reports';
import { chartOption } from './chart-options.js';
import { esc } from './escape.js';
import { bytes, figure, figureOf, section, table } from './format.js';
import { type BenchmarkReportView, outputsOfKind, outputsWithKindPrefix } from './report-data.js';
import { renderSvgChart } from './svg-chart.js';

/** Paths of a package's files, from `meta.files` as strings or `{ path, size }` objects. */
function fileList(meta: Record<string, unknown>): { path: string; size?: number }[] {
  const files = meta.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((f) => (typeof f === 'string' ? [{ path: f }] : typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string' ? [f as { path: string; size?: number }] : []));
}

/** A file list drawn as an indented tree (`model/1/model.plan`). */
function tree(files: readonly { path: string; size?: number }[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  // Code-unit order (as `ls` with LC_ALL=C): no ICU collator loaded for every report.
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parts = file.path.split('/');
    parts.forEach((part, depth) => {
      const key = parts.slice(0, depth + 1).join('/');
      if (seen.has(key)) return;
      seen.add(key);
      const leaf = depth === parts.length - 1;
      if (part === '') return;
      lines.push(`${'  '.repeat(depth)}${part}${leaf ? (file.size === undefined ? '' : `  (${bytes(file.size)})`) : '/'}`);
    });
  }
  return `<pre class="tree">${esc(lines.join('\n'))}</pre>`;
}

/** Every config text of a package's meta: `config` / `config_pbtxt` strings, or `configs: { model: text }`. */
function configs(meta: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  for (const key of ['config', 'config_pbtxt']) if (typeof meta[key] === 'string') found.push(['config.pbtxt', meta[key] as string]);
  if (typeof meta.configs === 'object' && meta.configs !== null) for (const [k, v] of Object.entries(meta.configs)) if (typeof v === 'string') found.push([k, v]);
  return found;
}

interface TritonModelView {
  name?: string;
  platform?: string;
  max_batch_size?: number;
  versions?: number[];
}

/** A `triton-model-repository`'s models (meta.models) as a table and the folder tree Triton expects of them. */
function repositoryModels(meta: Record<string, unknown>): string {
  const models = Array.isArray(meta.models) ? (meta.models as TritonModelView[]) : [];
  if (models.length === 0) return '';
  const entry = typeof meta.entry === 'string' ? meta.entry : undefined;
  const rows = models.map((m) => [`<code>${esc(m.name ?? '')}</code>${m.name === entry ? ' <span class="tag">entry</span>' : ''}`, esc(m.platform ?? ''), figure(m.max_batch_size), esc((m.versions ?? []).join(', '))]);
  const files = models.flatMap((m) => [{ path: `${m.name}/config.pbtxt` }, ...(m.versions ?? []).map((v) => ({ path: `${m.name}/${v}/` }))]);
  return `${table(['model', 'platform', 'max batch', 'versions'], rows)}${tree(files)}`;
}

/** Outputs of a Triton kind (a model repository or package): its models, file tree and config.pbtxt text, as far as the meta has them. */
export function tritonSection(record: RunRecord): string {
  const parts = record.stages.flatMap((s) =>
    outputsWithKindPrefix(s, 'triton').map((o) => {
      const files = fileList(o.meta);
      const texts = configs(o.meta).map(([name, text]) => `<h4>${esc(name)}</h4><pre class="config">${esc(text)}</pre>`);
      return `<h3><code>${esc(s.id)}</code> › ${esc(o.name)} (${esc(o.kind)})</h3><p><code>${esc(o.path)}</code></p>${repositoryModels(o.meta)}${files.length ? tree(files) : ''}${texts.join('')}`;
    }),
  );
  return section('triton', 'Triton package', parts.join('\n'));
}

/** The machine and tools: the benchmark reports' environment and runner, the tools each stage's probe found, and the run's options. */
export function environmentSection(record: RunRecord): string {
  const rows: string[][] = [];
  for (const s of record.stages) {
    for (const { meta } of outputsOfKind<BenchmarkReportView>(s, 'benchmark-report')) {
      for (const [k, v] of Object.entries(meta.environment ?? {})) rows.push([esc(k), esc(v), `<code>${esc(s.id)}</code>`]);
      if (meta.runner) rows.push(['runner', esc(`${meta.runner.backend ?? ''} ${meta.runner.version ?? ''} (${(meta.runner.execution_providers ?? []).join(', ')})`), `<code>${esc(s.id)}</code>`]);
    }
  }
  const tools = new Map<string, string>();
  for (const s of record.stages) for (const [tool, version] of Object.entries(s.cache?.components.probe ?? {})) tools.set(tool, version);
  for (const [tool, version] of tools) rows.push([esc(tool), esc(version), 'probe']);
  const o = record.options;
  rows.push(['options', esc(`concurrency ${o.concurrency}, continue ${o.continueOn}${o.noCache ? ', --no-cache' : ''}${o.force.length ? `, --force ${o.force.join(' ')}` : ''}`), 'run']);
  return section('environment', 'Environment', table(['', 'value', 'from'], rows));
}

/** Charts stages reported that no section above drew (a plugin's own charts). */
export function otherChartsSection(record: RunRecord, drawn: Set<string>): string {
  const parts = record.stages.flatMap((s) =>
    s.charts.filter((c) => !drawn.has(c.id)).map((c) => figureOf(renderSvgChart(chartOption(c)), { chart: c.id, stage: s.id, title: `${s.id}: ${c.title}` })),
  );
  return section('charts', 'Other charts', parts.join('\n'));
}
