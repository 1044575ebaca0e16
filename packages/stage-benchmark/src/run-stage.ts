import path from 'node:path';
import { formatPerformanceMarkdown, formatPerformanceSummary, sweepCharts } from '@pipeline/benchmark';
import { builtinRunners, serverRunnerSettings } from '@pipeline/builtin-runners';
import { UsageError } from '@pipeline/errors';
import { benchmarkEngine } from './engine-benchmark.js';
import { gateBenchmark } from './gates.js';
import { benchmarkModel } from './run-benchmark.js';
import { reportMetrics } from './stage-metrics.js';
import type { BenchmarkStageContext, BenchmarkStageResult } from './ports.js';

/** The run of `benchmark` (stage.ts imports it when the stage runs). */
export async function runBenchmarkStage(ctx: BenchmarkStageContext): Promise<BenchmarkStageResult> {
  const { model, engine, dataset } = ctx.inputs;
  if ((model === undefined) === (engine === undefined)) {
    throw new UsageError('E_BENCHMARK_TARGET', 'benchmark takes exactly one of model (an ONNX model) and engine (a TensorRT engine)', { hint: 'wire one of them' });
  }
  const measuredEngine = engine ? await benchmarkEngine(engine, ctx.params, ctx) : undefined;
  // `server.tls`'s files are read and checked before anything reaches the server (runner: triton).
  const server = measuredEngine === undefined && ctx.params.server !== undefined ? await serverRunnerSettings(ctx.params.server, { readText: (file) => ctx.readText(file), warn: (line) => ctx.log.warn(line) }) : undefined;
  const report =
    measuredEngine?.report ??
    (await benchmarkModel({ path: model?.path ?? '', name: path.basename(model?.path ?? ''), digest: model?.digest ?? '', ...(dataset ? { dataset: dataset.path } : {}) }, ctx.params, {
      openRunner: builtinRunners.factory(ctx.params.runner, server === undefined ? {} : { settings: { ...server } }),
      log: ctx.log,
      signal: ctx.signal,
      progress: (update) => ctx.progress(update),
    }));

  const summary = formatPerformanceSummary(report);
  for (const line of summary.trimEnd().split('\n')) ctx.log.info(line);
  ctx.report.summary(`\`\`\`text\n${summary}\`\`\`\n`);
  reportMetrics(report, ctx.report);
  if (report.sweep) for (const chart of sweepCharts(report.results, ctx.stageId)) ctx.report.chart(chart);
  // Throws E_BENCHMARK_UNSTABLE (exit 3) when an unstable measurement leaves every gate undecided.
  gateBenchmark(report, ctx.params.gates, ctx.report, ctx.log);

  const reportPath = await ctx.writeJson('benchmark-report.json', report);
  const markdownPath = await ctx.writeOutput('performance.md', formatPerformanceMarkdown(report));
  const exported = measuredEngine?.exports;
  const times = exported ? await ctx.placeOutput(exported.times, 'trtexec-times.json', { move: true }) : undefined;
  const profile = exported?.profile ? await ctx.placeOutput(exported.profile, 'trtexec-profile.json', { move: true }) : undefined;
  return {
    outputs: {
      report: { path: reportPath, meta: report },
      summary: { path: markdownPath, meta: {} },
      ...(times === undefined ? {} : { trtexec_times: { path: times, meta: {} } }),
      ...(profile === undefined ? {} : { trtexec_profile: { path: profile, meta: {} } }),
    },
  };
}
