import path from 'node:path';
import { type BenchmarkReport, benchmarkReportSchema, trtexecBenchmarkReport } from '@pipeline/benchmark';
import { StageFailedError, UsageError } from '@pipeline/errors';
import type { Exec } from '@pipeline/sdk';
import { buildTrtexecEngineRunArgv, detectTrtexec, type EngineBinding, isExecutableFile, locateTrtexec, runTrtexec, type TrtexecProfile } from '@pipeline/tensorrt';
import type { BenchmarkParams } from './params.js';

/** What of a `tensorrt-engine` artifact the benchmark reads: convert/tensorrt's record of the build. */
export interface EngineTarget {
  path: string;
  meta: { build?: { bindings: readonly EngineBinding[]; profiles: readonly TrtexecProfile[] } | undefined };
}

export interface EngineBenchmarkContext {
  exec: Exec;
  env: Readonly<Record<string, string | undefined>>;
  workDir: string;
  log: { info(message: string): void; warn(message: string): void };
}

export interface EngineBenchmark {
  report: BenchmarkReport;
  /** The `--exportTimes` / `--exportProfile` files trtexec wrote, in the work folder. */
  exports: { times: string; profile?: string };
}

/**
 * The shapes to ask trtexec for: a dynamic first dim is the batch (`batch:`); other dynamic dims take
 * the first profile's opt. Returns the batch when the stage set it, so the report knows samples/s.
 */
export function engineShapes(target: EngineTarget, batch: number): { shapes: Record<string, number[]>; batch?: number } {
  const build = target.meta.build;
  if (!build) throw new UsageError('E_BENCHMARK_ENGINE_BINDINGS', `${path.basename(target.path)}: the engine's IO tensors are unknown`, { hint: 'wire the engine output of convert/tensorrt: its meta records the bindings and profiles' });
  const shapes: Record<string, number[]> = {};
  let batchSet = false;
  for (const binding of build.bindings.filter((b) => b.direction === 'input')) {
    const declared = binding.shape ?? [];
    if (declared.every((d) => typeof d === 'number')) continue;
    const opt = build.profiles[0]?.[binding.name]?.opt;
    shapes[binding.name] = declared.map((d, i) => {
      if (typeof d === 'number') return d;
      if (i === 0) {
        batchSet = true;
        return batch;
      }
      const fromProfile = opt?.[i];
      if (fromProfile === undefined) throw new UsageError('E_BENCHMARK_ENGINE_SHAPE', `input ${binding.name} dim ${i} (${String(d)}) is dynamic and the engine's first profile gives no opt for it`, { hint: 'give convert/tensorrt profiles: for this input' });
      return fromProfile;
    });
  }
  return batchSet ? { shapes, batch } : { shapes };
}

/**
 * Benchmarks a saved engine by running trtexec once (`--loadEngine`, with `--dumpProfile
 * --separateProfileRun` for a per-layer profile) instead of the stage's own timing loop, and maps its
 * performance summary onto the same `benchmark-report` as every other runner.
 */
export async function benchmarkEngine(target: EngineTarget, params: BenchmarkParams, ctx: EngineBenchmarkContext): Promise<EngineBenchmark> {
  if (params.sweep) throw new UsageError('E_BENCHMARK_ENGINE_SWEEP', 'a batch sweep is not run on a TensorRT engine: trtexec measures one shape per run', { hint: 'remove sweep:, or set batch:' });
  const { shapes, batch } = engineShapes(target, params.batch);
  const located = await locateTrtexec({ runner: 'auto', env: ctx.env, isExecutable: isExecutableFile });
  if (!located.found) throw new StageFailedError('E_TRTEXEC_NOT_FOUND', `trtexec not found to benchmark ${path.basename(target.path)}: ${located.reason}`, { hint: 'install TensorRT, set TRTEXEC, or set TRTEXEC_IMAGE for the NGC container' });
  const detected = await detectTrtexec(ctx.exec, located.location);
  if (!detected) throw new StageFailedError('E_TRTEXEC_NO_BANNER', '`trtexec --help` printed no "&&&& RUNNING … [TensorRT vNNNN]" banner', { hint: 'point TRTEXEC at NVIDIA’s trtexec' });
  const times = path.join(ctx.workDir, 'trtexec-times.json');
  const profile = params.layer_profile ? path.join(ctx.workDir, 'trtexec-profile.json') : undefined;
  const { argv, problems } = buildTrtexecEngineRunArgv(
    {
      loadEngine: target.path,
      shapes,
      iterations: params.iterations,
      durationSeconds: Math.ceil(params.duration_ms / 1000),
      warmUpMs: params.warmup.ms,
      profile: params.layer_profile,
      exportTimes: times,
      ...(profile === undefined ? {} : { exportProfile: profile }),
    },
    detected,
  );
  if (problems.length > 0) throw new UsageError('E_TRTEXEC_OPTION', problems.map((p) => p.message).join('; '), { hint: problems[0]?.hint ?? '' });
  const outcome = await runTrtexec(ctx.exec, located.location, argv, { mounts: [path.dirname(target.path), ctx.workDir] });
  if (outcome.failure) {
    throw new StageFailedError('E_TRTEXEC_BENCHMARK', `trtexec could not benchmark ${path.basename(target.path)}: ${outcome.failure.summary}${outcome.failure.evidence.map((l) => `\n  ${l}`).join('')}`, { hint: `${outcome.failure.hint}; reproduce: ${outcome.repro}` });
  }
  const mapped = trtexecBenchmarkReport(outcome.run, path.basename(target.path), batch === undefined ? {} : { batch });
  if (!mapped) throw new StageFailedError('E_TRTEXEC_NO_SUMMARY', 'trtexec passed but printed no performance summary', { hint: `reproduce: ${outcome.repro}` });
  // The stage ran this trtexec itself: not an imported log.
  mapped.settings = { ...mapped.settings, imported: false, command: outcome.repro, layer_profile: params.layer_profile };
  delete mapped.settings.source_log;
  return { report: benchmarkReportSchema.parse(mapped), exports: { times, ...(profile === undefined ? {} : { profile }) } };
}
