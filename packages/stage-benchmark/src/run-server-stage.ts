import { formatPerformanceMarkdown, formatPerformanceSummary } from '@pipeline/benchmark';
import { StageFailedError, UsageError } from '@pipeline/errors';
import type { BenchmarkReport } from '@pipeline/kinds';
import { createKServeClient, endpointUrl, KSERVE_ERROR_CODES, KServeError, kserveTlsOptions, type LoadTls, readTlsSettings, refusesClientCertificate, tlsVerificationWarning } from '@pipeline/kserve-client';
import { formatServerSplit, httpServerProbe, type LoadSpec, parseLoadRange, runLoadTest, toPerfAnalyzerCsv } from '@pipeline/loadgen';
import { choosePerfAnalyzer, perfAnalyzerHttpsFor, runPerfAnalyzer } from '@pipeline/perf-analyzer';
import { serverPerfAnalyzerLimits } from './server-backend.js';
import { gateServerBenchmark } from './server-gates.js';
import { perfAnalyzerOptionsFor } from './server-perf-analyzer.js';
import type { ServerBenchmarkParams } from './server-params.js';
import { requestBodies, requestSpecs } from './server-requests.js';
import type { ServerBenchmarkContext, ServerBenchmarkResult } from './server-ports.js';

function loadsOf(params: ServerBenchmarkParams): LoadSpec[] {
  if (params.request_rate !== undefined) {
    return parseLoadRange(params.request_rate, 'request-rate').map((rate_per_s) => ({ mode: 'request-rate', rate_per_s, distribution: params.distribution, max_in_flight: params.max_in_flight }));
  }
  if (params.concurrency === undefined && params.slo) return [];
  return parseLoadRange(params.concurrency ?? '1').map((concurrency) => ({ mode: 'concurrency', concurrency }));
}

/** The built-in load generator's run: every load of the params, the server split from stats deltas, GPU metrics. */
async function loadgenReport(params: ServerBenchmarkParams & { url: string; loadTls: LoadTls | undefined }, requests: Awaited<ReturnType<typeof requestBodies>>): Promise<BenchmarkReport> {
  const tls = params.loadTls ? { tls: params.loadTls } : {};
  const path = `/v2/models/${encodeURIComponent(params.model)}${params.version ? `/versions/${encodeURIComponent(params.version)}` : ''}/infer`;
  const { report } = await runLoadTest({
    target: {
      url: endpointUrl(params.url, path),
      method: 'POST',
      headers: { ...params.headers, ...requests.headers },
      bodies: requests.bodies,
      timeout_ms: params.timeout_ms,
      connect_timeout_ms: Math.min(params.timeout_ms, 5000),
      ...tls,
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
    probe: httpServerProbe(params.url, { headers: params.headers, ...tls, ...(params.metrics_url ? { metricsUrl: params.metrics_url } : {}) }),
    batch: params.batch,
    shapes: requests.shapes,
  });
  return report;
}

/** What to change in `tls:` for a failed handshake, by OpenSSL's code in the message. */
function tlsHint(message: string): string {
  if (refusesClientCertificate(message)) return 'the server (or the gateway before it) wants a client certificate it trusts (mutual TLS): give tls.cert_file and tls.key_file (PEM files)';
  return 'give the CA that signed the server’s certificate as tls.ca (PEM text) or tls.ca_file, or the name it carries as tls.servername; tls.reject_unauthorized: false skips verification (never for production)';
}

/** The run of `benchmark/server` (server-stage.ts imports it when the stage runs). */
export async function runServerBenchmarkStage(ctx: ServerBenchmarkContext): Promise<ServerBenchmarkResult> {
  const url = ctx.params.url ?? ctx.inputs.server?.meta.url;
  if (url === undefined) throw new UsageError('E_BENCHMARK_PARAMS', 'benchmark/server needs a server: give `url:` or a `server:` endpoint input');
  // The files of `tls:` are read and checked (PEM, key matches certificate) before anything reaches the server.
  const params = { ...ctx.params, url, loadTls: await readTlsSettings(ctx.params.tls, (file) => ctx.readText(file)) };
  const unverified = tlsVerificationWarning(params.url, params.tls);
  if (unverified !== undefined) ctx.log.warn(unverified);
  const client = createKServeClient({ url: params.url, headers: params.headers, timeoutMs: params.timeout_ms, ...(params.loadTls ? { tls: kserveTlsOptions(params.loadTls) } : {}) });
  let metadata: Awaited<ReturnType<typeof client.modelMetadata>>;
  try {
    metadata = await client.modelMetadata(params.model, params.version, { signal: ctx.signal });
  } catch (error) {
    // A TLS failure keeps its own code and a hint about the `tls:` setting that fixes it; anything else is the server's absence.
    const tlsFailure = error instanceof KServeError && error.code === KSERVE_ERROR_CODES.tls;
    throw new StageFailedError(tlsFailure ? KSERVE_ERROR_CODES.tls : 'E_SERVER_UNREACHABLE', `${params.url}: cannot read the metadata of model "${params.model}": ${(error as Error).message}`, {
      hint: tlsFailure ? tlsHint(error.message) : 'is the server up, and the model loaded? (GET /v2/models/<model>)',
      cause: error,
    });
  } finally {
    await client.close();
  }
  const specs = requestSpecs(metadata, ctx.inputs.onnx?.meta);
  const requests = await requestBodies(params.data, specs, params.batch, ctx.signal);
  ctx.log.info(`inputs: ${requests.description}; ${requests.bodies.length} distinct request bodies`);
  const backend = choosePerfAnalyzer(params.backend, params.perf_analyzer_path, ctx.tools.perf_analyzer, serverPerfAnalyzerLimits(params));
  if (backend.note) ctx.log.info(backend.note);
  let report: BenchmarkReport;
  let csvFile: string | undefined;
  if (backend.executable !== undefined) {
    // perf_analyzer writes its CSV into the scratch folder; it becomes an output only once the run has been read.
    // The CA (PEM text in `tls.ca`) goes there too: perf_analyzer takes it only as a file.
    const https = await perfAnalyzerHttpsFor(params.url, params.tls, ctx.workDir);
    const options = perfAnalyzerOptionsFor(params, metadata, requests.shapes, backend.executable, `${ctx.workDir}/perf_analyzer.csv`, https);
    ctx.log.info(`load by perf_analyzer (${backend.executable}); it makes its own random input values, shapes ${JSON.stringify(options.shapes)}`);
    if (params.metrics_url) ctx.log.warn('metrics_url is not read on the perf_analyzer backend: its GPU metrics need --collect-metrics with --verbose-csv, which are not passed');
    const outcome = await runPerfAnalyzer(options, ctx.exec);
    report = outcome.report;
    if (outcome.csv) csvFile = options.csvFile;
  } else {
    report = await loadgenReport(params, requests);
  }
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
  const csvPath = csvFile ? await ctx.placeOutput(csvFile, 'perf.csv', { move: true }) : await ctx.writeOutput('perf.csv', toPerfAnalyzerCsv(report.results));
  const markdownPath = await ctx.writeOutput('performance.md', formatPerformanceMarkdown(report));
  return {
    outputs: {
      report: { path: reportPath, meta: report },
      csv: { path: csvPath, meta: {} },
      summary: { path: markdownPath, meta: {} },
    },
  };
}
