import path from 'node:path';
import { StageFailedError } from '@pipeline/errors';
import { modelInspectionSchema } from '@pipeline/kinds';
import {
  buildTrtexecBuildArgv,
  buildTrtexecReport,
  describeTarget,
  detectGpu,
  detectTrtexec,
  formatTensorrtVersion,
  isExecutableFile,
  locateTrtexec,
  readPlanHeader,
  runTrtexec,
  type TrtexecLogEvent,
  withTimingCacheLock,
} from '@pipeline/tensorrt';
import { ConvertTensorrtCode } from './codes.js';
import { guardTriton, optionProblems, trtexecFailed, trtexecNotFound } from './failures.js';
import { resolveProfiles, uncoveredDynamicInputs } from './profiles.js';
import type { ConvertTensorrtContext, ConvertTensorrtResult } from './ports.js';

const PHASES = ['parse', 'build'] as const;
const fileSafe = (text: string) => text.replace(/[^\w.-]+/g, '_');

/** The run of `convert/tensorrt` (stage.ts imports it when the stage runs). */
export async function runConvertTensorrt(ctx: ConvertTensorrtContext): Promise<ConvertTensorrtResult> {
  const { params } = ctx;
  const { model, inspection, calibration_cache: calibration } = ctx.inputs;
  // The image: the param, else the trtexec inside the Triton release that will serve the engine, else TRTEXEC_IMAGE.
  const image = params.image ?? (params.triton_release ? `nvcr.io/nvidia/tritonserver:${params.triton_release}-py3` : undefined);
  // Without trtexec_path, the local trtexec the probe found (what `${{ tools.trtexec }}` saw) is the one to run.
  const probed = ctx.tools.trtexec;
  const probedLocal = probed?.found && probed.detail === undefined && probed.path && !probed.path.endsWith('(docker)') ? probed.path : undefined;
  const trtexecPath = params.trtexec_path ?? (params.runner === 'docker' ? undefined : probedLocal);
  const located = await locateTrtexec({
    runner: params.runner,
    ...(trtexecPath === undefined ? {} : { trtexecPath }),
    ...(image === undefined ? {} : { image }),
    gpus: params.gpus,
    env: ctx.env,
    isExecutable: isExecutableFile,
  });
  if (!located.found) throw trtexecNotFound(located.reason);
  const location = located.location;
  const detected = await detectTrtexec(ctx.exec, location);
  if (!detected) throw new StageFailedError(ConvertTensorrtCode.TrtexecNoBanner, `${location.runner === 'local' ? location.path : location.image}: \`trtexec --help\` printed no "&&&& RUNNING … [TensorRT vNNNN]" banner`, { hint: 'point trtexec_path (or the image) at NVIDIA’s trtexec' });
  const version = formatTensorrtVersion(detected.version);
  if (probed?.version !== undefined && probed.version !== version) ctx.log.warn(`the trtexec used (TensorRT ${version}) is not the one the probe found (TensorRT ${probed.version}); the cache key holds the probe's`);
  // A mismatch with the Triton release is known before building: fail before spending minutes.
  if (params.triton_release) guardTriton(version, params.triton_release, ctx.log.warn);
  const gpu = await detectGpu(ctx.exec, location, params.device);
  if (!gpu) ctx.log.warn('nvidia-smi did not name the GPU: the engine metadata and timing cache name it "unknown-gpu"');

  const suggested = inspection ? modelInspectionSchema.parse(JSON.parse(await ctx.readText(inspection))).lint.suggestedProfiles : [];
  const profiles = resolveProfiles(suggested, params.profiles);
  const uncovered = uncoveredDynamicInputs(model.meta.inputs, profiles);
  if (uncovered.length > 0) ctx.log.warn(`dynamic inputs ${uncovered.join(', ')} have no profile: trtexec sets their dynamic dims to 1 (give profiles:, or wire an inspect artifact)`);

  const enginePath = path.join(ctx.workDir, 'model.plan');
  const layerInfoPath = path.join(ctx.workDir, 'layers.json');
  const keep = params.timing_cache && ctx.keepDir !== undefined;
  const timingCache = keep ? path.join(ctx.keepDir as string, `timing-${version}-${fileSafe(gpu?.name ?? 'unknown-gpu')}-cc${gpu?.computeCapability ?? 'unknown'}.cache`) : undefined;
  const { argv, problems } = buildTrtexecBuildArgv(
    {
      onnx: model.path,
      saveEngine: enginePath,
      precision: params.precision,
      profiles,
      ...(params.workspace_mib === undefined ? {} : { workspaceMiB: params.workspace_mib }),
      ...(params.builder_optimization_level === undefined ? {} : { builderOptimizationLevel: params.builder_optimization_level }),
      ...(timingCache === undefined ? {} : { timingCacheFile: timingCache }),
      plugins: params.plugins,
      versionCompatible: params.version_compatible,
      hardwareCompatibilityLevel: params.hardware_compatibility_level,
      ...(params.layer_precisions === undefined ? {} : { layerPrecisions: params.layer_precisions }),
      ...(calibration === undefined ? {} : { calibrationCache: calibration.path }),
      exportLayerInfo: layerInfoPath,
      extraArgs: [...(params.device === 0 ? [] : [`--device=${params.device}`]), ...params.extra_args],
    },
    detected,
  );
  if (problems.length > 0) throw optionProblems(problems, describeTarget(detected));

  let done = 0;
  const onEvent = (event: TrtexecLogEvent) => {
    if (event.type !== 'phase' || !(PHASES as readonly string[]).includes(event.phase)) return;
    if (event.status === 'finished') done++;
    ctx.progress({ current: done, total: PHASES.length, message: `${event.phase} ${event.status}${event.seconds === undefined ? '' : ` (${event.seconds} s)`}` });
  };
  const mounts = [path.dirname(model.path), ctx.workDir, ...(calibration ? [path.dirname(calibration.path)] : []), ...(timingCache ? [path.dirname(timingCache)] : []), ...params.plugins.map((p) => path.dirname(p))];
  const build = () => runTrtexec(ctx.exec, location, argv, { mounts, onEvent });
  const started = Date.now();
  const outcome = timingCache ? await withTimingCacheLock(timingCache, build, { signal: ctx.signal }) : await build();
  const wallSeconds = (Date.now() - started) / 1000;
  if (outcome.failure) {
    for (const line of outcome.failure.evidence) ctx.log.error(line);
    throw trtexecFailed(outcome.failure, outcome.repro);
  }

  // The plan must say it was built by the TensorRT we ran; a missing or foreign file never becomes an output.
  const header = await readPlanHeader(enginePath).catch((error: Error) => ({ isTensorrtPlan: false as const, problem: error.message, tensorrtVersionText: undefined }));
  if (!header.isTensorrtPlan) throw new StageFailedError(ConvertTensorrtCode.TrtexecNoEngine, `trtexec passed but ${enginePath} is not a TensorRT plan (${header.problem ?? 'no plan tag'})`, { hint: `reproduce: ${outcome.repro}` });
  const planVersion = header.tensorrtVersionText;
  if (planVersion === undefined || !planVersion.startsWith(`${detected.version.major}.${detected.version.minor}.${detected.version.patch}`)) {
    throw new StageFailedError(ConvertTensorrtCode.TrtexecPlanVersion, `the plan's header says TensorRT ${planVersion ?? '(unreadable)'} but it was built by TensorRT ${version}`, { hint: 'the trtexec and the TensorRT library it loads differ: check LD_LIBRARY_PATH, or use the NGC container' });
  }
  if (params.triton_release) guardTriton(planVersion, params.triton_release, ctx.log.warn);

  const enginePlaced = await ctx.placeOutput(enginePath, `${path.basename(model.path, '.onnx')}.plan`, { move: true });
  const sizeBytes = (await ctx.fileSize(enginePlaced)) ?? 0;
  const reportPath = await ctx.writeJson('trtexec-report.json', buildTrtexecReport({ run: outcome.run, sources: { log: `trtexec ${argv.join(' ')}` } }));
  const buildSeconds = outcome.run.phases.build?.seconds;
  const meta = {
    tensorrtVersion: planVersion,
    ...(header.serializationLayout === undefined ? {} : { planHeaderLayout: header.serializationLayout }),
    build: {
      tensorrtVersion: version,
      runner: location.runner,
      ...(location.runner === 'docker' ? { image: location.image } : {}),
      ...(gpu ? { gpu: gpu.name } : {}),
      ...(gpu?.computeCapability ? { computeCapability: gpu.computeCapability } : {}),
      precision: params.precision,
      profiles,
      ...(buildSeconds === undefined ? {} : { buildSeconds }),
      sizeBytes,
      bindings: [
        ...model.meta.inputs.map((i) => ({ name: i.name, direction: 'input' as const, dtype: i.dtype, shape: i.shape })),
        ...model.meta.outputs.map((o) => ({ name: o.name, direction: 'output' as const, dtype: o.dtype, shape: o.shape })),
      ],
      command: outcome.repro,
    },
  };
  ctx.report.metric('engine.size_bytes', sizeBytes, { better: 'lower' });
  if (buildSeconds !== undefined) ctx.report.metric('engine.build_seconds', buildSeconds, { better: 'lower' });
  ctx.report.summary(
    // Worded as what trtexec reported: the stage vouches for the plan header, not for what ran.
    `trtexec (TensorRT ${version}, ${location.runner === 'local' ? location.path : `docker ${location.image}`}) passed and wrote ${path.basename(enginePlaced)} from ${path.basename(model.path)}: ${params.precision}, ${profiles.length} profile(s), ${sizeBytes} bytes; its log gives a build time of ${buildSeconds ?? '?'} s (${wallSeconds.toFixed(1)} s wall) on ${gpu?.name ?? 'a GPU nvidia-smi did not name'}.`,
  );
  return { outputs: { engine: { path: enginePlaced, meta }, report: { path: reportPath, meta: { tensorrtVersion: version, outcome: outcome.run.outcome, passed: true, throughputQps: null } } } };
}
