import { formatPerformanceMarkdown, formatPerformanceSummary } from '@pipeline/benchmark';
import { StageFailedError, UsageError } from '@pipeline/errors';
import { benchmarkReportKind, kserveEndpointKind, onnxModelKind } from '@pipeline/kinds';
import { createKServeClient } from '@pipeline/kserve-client';
import { formatServerSplit, httpServerProbe, type LoadSpec, parseLoadRange, runLoadTest, toPerfAnalyzerCsv } from '@pipeline/loadgen';
import { defineStage, input, output, textKind } from '@pipeline/sdk';
import { gateServerBenchmark } from './server-gates.js';
import { type ServerBenchmarkParams, serverBenchmarkParamsSchema } from './server-params.js';
import { requestBodies, requestSpecs } from './server-requests.js';

function loadsOf(params: ServerBenchmarkParams): LoadSpec[] {
  if (params.request_rate !== undefined) {
    return parseLoadRange(params.request_rate, 'request-rate').map((rate_per_s) => ({ mode: 'request-rate', rate_per_s, distribution: params.distribution, max_in_flight: params.max_in_flight }));
  }
  if (params.concurrency === undefined && params.slo) return [];
  return parseLoadRange(params.concurrency ?? '1').map((concurrency) => ({ mode: 'concurrency', concurrency }));
}

/**
 * `benchmark/server`: the benchmark stage's server mode — load on a running KServe v2 / Triton
 * endpoint from the load generator in its own thread (perf_analyzer's modes, windows and stability
 * rule), the server-side split from its statistics (per composing model of an ensemble), GPU metrics
 * when exposed, an optional SLO search, and SLO gates (p99, throughput, error rate). Writes the
 * benchmark-report and perf_analyzer's CSV. Never cached; runs alone.
 */
export const serverBenchmarkStage = defineStage({
  name: 'benchmark/server',
  version: 1,
  description: 'Load-tests a served model (perf_analyzer-style concurrency/request-rate, stability windows, server-side split, SLO search) with SLO gates.',
  inputs: {
    onnx: input(onnxModelKind, { optional: true, description: 'The served model’s ONNX file, for input shapes by dim name (else the server’s metadata).' }),
    server: input(kserveEndpointKind, { optional: true, description: 'The server (e.g. serve/local’s endpoint), when `url` is not given.' }),
  },
  params: serverBenchmarkParamsSchema,
  outputs: {
    report: output(benchmarkReportKind, { description: 'All figures per load, server split, SLO search (benchmark-report.json).' }),
    csv: output(textKind, { description: 'The figures in perf_analyzer’s -f CSV form (perf.csv).' }),
    summary: output(textKind, { description: 'The Performance section (performance.md).' }),
  },
  cacheable: false,
  resources: { exclusive: true },
  async run(ctx) {
    const url = ctx.params.url ?? ctx.inputs.server?.meta.url;
    if (url === undefined) throw new UsageError('E_BENCHMARK_PARAMS', 'benchmark/server needs a server: give `url:` or a `server:` endpoint input');
    const params = { ...ctx.params, url };
    const base = new URL(params.url);
    const client = createKServeClient({ url: params.url, headers: params.headers, timeoutMs: params.timeout_ms, ...(params.tls ? { tls: { ...(params.tls.ca ? { ca: params.tls.ca } : {}), rejectUnauthorized: params.tls.reject_unauthorized } } : {}) });
    let metadata: Awaited<ReturnType<typeof client.modelMetadata>>;
    try {
      metadata = await client.modelMetadata(params.model, params.version, { signal: ctx.signal });
    } catch (error) {
      throw new StageFailedError('E_SERVER_UNREACHABLE', `${params.url}: cannot read the metadata of model "${params.model}": ${(error as Error).message}`, {
        hint: 'is the server up, and the model loaded? (GET /v2/models/<model>)',
        cause: error,
      });
    } finally {
      await client.close();
    }
    const specs = requestSpecs(metadata, ctx.inputs.onnx?.meta);
    const requests = await requestBodies(params.data, specs, params.batch, ctx.signal);
    ctx.log.info(`inputs: ${requests.description}; ${requests.bodies.length} distinct request bodies`);
    const path = `/v2/models/${encodeURIComponent(params.model)}${params.version ? `/versions/${encodeURIComponent(params.version)}` : ''}/infer`;
    const { report } = await runLoadTest({
      target: {
        url: new URL(path, base).href,
        method: 'POST',
        headers: { ...params.headers, ...requests.headers },
        bodies: requests.bodies,
        timeout_ms: params.timeout_ms,
        connect_timeout_ms: Math.min(params.timeout_ms, 5000),
        ...(params.tls ? { tls: { ...(params.tls.ca ? { ca: params.tls.ca } : {}), reject_unauthorized: params.tls.reject_unauthorized } } : {}),
      },
      model: params.model,
      loads: loadsOf(params),
      ...(params.slo ? { slo: params.slo } : {}),
      windows: {
        mode: params.window.mode,
        window_ms: params.window.ms,
        request_count: params.window.requests,
        stability_pct: params.window.stability_pct,
        max_windows: params.window.max_windows,
        stabilize_on: params.window.percentile ?? 'average',
      },
      probe: httpServerProbe(params.url, {
        headers: params.headers,
        ...(params.metrics_url ? { metricsUrl: params.metrics_url } : {}),
        ...(params.tls ? { tls: { ...(params.tls.ca ? { ca: params.tls.ca } : {}), rejectUnauthorized: params.tls.reject_unauthorized } } : {}),
      }),
      batch: params.batch,
      shapes: requests.shapes,
    });
    const serverLines = formatServerSplit(report.results);
    const summary = `${formatPerformanceSummary(report)}${serverLines.length ? `=== Server side (per composing model for an ensemble) ===\n${serverLines.join('\n')}\n` : ''}`;
    for (const line of summary.trimEnd().split('\n')) ctx.log.info(line);
    for (const r of report.results) for (const w of r.warnings) ctx.log.warn(w.message);
    ctx.report.summary(`\`\`\`text\n${summary}\`\`\`\n`);
    const primary = report.results[report.primary];
    if (primary?.latency.p99_ms !== undefined) ctx.report.metric('latency.p99_ms', primary.latency.p99_ms, { unit: 'ms', better: 'lower' });
    if (primary) ctx.report.metric('throughput.inferences_per_s', primary.throughput.inferences_per_s, { unit: 'infer/s', better: 'higher' });
    gateServerBenchmark(report, params.gates, ctx.report);
    const reportPath = await ctx.writeJson('benchmark-report.json', report);
    const csvPath = await ctx.writeOutput('perf.csv', toPerfAnalyzerCsv(report.results));
    const markdownPath = await ctx.writeOutput('performance.md', formatPerformanceMarkdown(report));
    return {
      outputs: {
        report: { path: reportPath, meta: report },
        csv: { path: csvPath, meta: {} },
        summary: { path: markdownPath, meta: {} },
      },
    };
  },
});
