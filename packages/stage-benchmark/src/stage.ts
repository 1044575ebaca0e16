import path from 'node:path';
import { formatPerformanceMarkdown, formatPerformanceSummary, sweepCharts } from '@pipeline/benchmark';
import { builtinRunners } from '@pipeline/builtin-runners';
import { UsageError } from '@pipeline/errors';
import { benchmarkReportKind, onnxModelKind, tensorrtEngineKind } from '@pipeline/kinds';
import { defineStage, directoryKind, fileKind, input, output, textKind } from '@pipeline/sdk';
import { benchmarkEngine } from './engine-benchmark.js';
import { gateBenchmark } from './gates.js';
import { benchmarkParamsSchema } from './params.js';
import { benchmarkModel } from './run-benchmark.js';
import { reportMetrics } from './stage-metrics.js';

/**
 * `benchmark`: latency and throughput of an ONNX model on a runner, measured in windows until stable,
 * optionally over a batch sweep; gates on p99 latency and throughput. Never cached (a figure must be
 * fresh) and run alone (anything beside it would be measured too).
 */
export const benchmarkStage = defineStage({
  name: 'benchmark',
  version: 2,
  description: 'Measures latency and throughput (trtexec-style summary, perf_analyzer stability windows, batch sweep) with gates.',
  inputs: {
    model: input(onnxModelKind, { optional: true, description: 'The model to measure; give this or engine.' }),
    engine: input(tensorrtEngineKind, {
      optional: true,
      description: 'A TensorRT engine (convert/tensorrt’s engine) to measure with one `trtexec --loadEngine` run instead of the timing loop; give this or model.',
    }),
    dataset: input(directoryKind, { optional: true, description: 'The folder `data.files.glob` and `data.onnx_test_data.dir` are relative to.' }),
  },
  params: benchmarkParamsSchema,
  outputs: {
    report: output(benchmarkReportKind, { description: 'All figures, the machine and the settings (benchmark-report.json).' }),
    summary: output(textKind, { description: 'The Performance section of the model card (performance.md).' }),
    trtexec_times: output(fileKind, { optional: true, description: 'For an engine: trtexec’s --exportTimes file (every timed query).' }),
    trtexec_profile: output(fileKind, { optional: true, description: 'For an engine with layer_profile: trtexec’s --exportProfile file (per-layer times).' }),
  },
  cacheable: false,
  resources: { exclusive: true },
  // Never cached, but `pipeline doctor` lists the runtime and run.json records which one measured.
  tools: builtinRunners.tools,
  probe: (env) => builtinRunners.probe(env, 'latency and throughput (benchmark)'),
  async run(ctx) {
    const { model, engine, dataset } = ctx.inputs;
    if ((model === undefined) === (engine === undefined)) {
      throw new UsageError('E_BENCHMARK_TARGET', 'benchmark takes exactly one of model (an ONNX model) and engine (a TensorRT engine)', { hint: 'wire one of them' });
    }
    const measuredEngine = engine ? await benchmarkEngine(engine, ctx.params, ctx) : undefined;
    const report =
      measuredEngine?.report ??
      (await benchmarkModel({ path: model?.path ?? '', name: path.basename(model?.path ?? ''), digest: model?.digest ?? '', ...(dataset ? { dataset: dataset.path } : {}) }, ctx.params, {
        openRunner: builtinRunners.factory(ctx.params.runner, ctx.params.server === undefined ? {} : { settings: ctx.params.server }),
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
  },
});
