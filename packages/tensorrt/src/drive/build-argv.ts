import { parseTrtexecFlags } from '../log/command.js';
import { describeTarget, type TrtexecTarget, trtexecHasFlag } from './gate.js';
import type { TrtexecBuildOptions, TrtexecOptionProblem, TrtexecProfile } from './options.js';

const FP16_HINT = 'TensorRT 11 builds strongly typed networks only: the precision comes from the ONNX model’s types. Convert the model to FP16 first (uses: convert/onnxruntime with precision: fp16) and build it with precision: fp32 or strongly-typed';

/** A name with `:` is single-quoted, since trtexec splits name and dims at the last `:`. */
function shapeName(name: string): string {
  return name.includes(':') ? `'${name}'` : name;
}

/** `name:1x3x224x224[,…]`; a scalar is `name:scalar` (10.x only). */
function shapeSpec(profile: TrtexecProfile, pick: 'min' | 'opt' | 'max'): string {
  return Object.entries(profile)
    .map(([name, bounds]) => `${shapeName(name)}:${bounds[pick].length === 0 ? 'scalar' : bounds[pick].join('x')}`)
    .join(',');
}

function checkProfile(profile: TrtexecProfile, field: string, problems: TrtexecOptionProblem[]): void {
  for (const [name, b] of Object.entries(profile)) {
    const ok = b.min.length === b.opt.length && b.opt.length === b.max.length && b.min.every((d, i) => d >= 0 && d <= (b.opt[i] ?? -1) && (b.opt[i] ?? 0) <= (b.max[i] ?? -1));
    if (!ok) problems.push({ field: `${field}.${name}`, message: `input ${name}: min ${b.min.join('x')}, opt ${b.opt.join('x')}, max ${b.max.join('x')} must have the same rank with min ≤ opt ≤ max per dim`, hint: 'fix the bounds, or leave them out to use the inspect artifact’s suggested profile' });
  }
}

function precisionArgs(options: TrtexecBuildOptions, target: TrtexecTarget, problems: TrtexecOptionProblem[]): string[] {
  const { precision } = options;
  if (target.version.major >= 11) {
    if (precision !== 'fp32' && precision !== 'strongly-typed') problems.push({ field: 'precision', message: `precision: ${precision} has no flag in ${describeTarget(target)}`, hint: FP16_HINT });
    return [];
  }
  const flag = { fp32: undefined, fp16: 'fp16', bf16: 'bf16', int8: 'int8', fp8: 'fp8', best: 'best', 'strongly-typed': 'stronglyTyped' }[precision];
  // FP8 builds came with TensorRT 10 (8.6.1's help lists --fp8, but this project builds FP8 only from 10.0 on).
  if (precision === 'fp8' && target.version.major < 10) {
    problems.push({ field: 'precision', message: `precision: fp8 needs TensorRT 10 or later; this trtexec is ${describeTarget(target)}`, hint: 'use fp16 or int8, or a TensorRT 10 trtexec (e.g. runner: docker with nvcr.io/nvidia/tensorrt:24.05-py3 or later)' });
    return [];
  }
  if (flag === undefined) return [];
  if (!trtexecHasFlag(target, flag)) {
    problems.push({ field: 'precision', message: `precision: ${precision} needs --${flag}, which ${describeTarget(target)} does not have`, hint: 'pick a precision this TensorRT supports (fp32, fp16, int8), or a newer trtexec' });
    return [];
  }
  return [`--${flag}`];
}

function profileArgs(profiles: readonly TrtexecProfile[], target: TrtexecTarget, problems: TrtexecOptionProblem[]): string[] {
  const used = profiles.filter((p) => Object.keys(p).length > 0);
  for (const [i, p] of used.entries()) checkProfile(p, `profiles[${i}]`, problems);
  if (used.length > 1 && !trtexecHasFlag(target, 'profile')) {
    problems.push({ field: 'profiles', message: `${used.length} optimization profiles need --profile, which ${describeTarget(target)} does not have`, hint: 'give one profile, or use a TensorRT 10 trtexec' });
    return [];
  }
  if (target.version.major < 10 && used.some((p) => Object.values(p).some((b) => b.opt.length === 0))) {
    problems.push({ field: 'profiles', message: 'scalar inputs in a shape spec need TensorRT 10', hint: 'leave scalar inputs out of the profile' });
  }
  const args: string[] = [];
  used.forEach((p, i) => {
    if (used.length > 1) args.push(`--profile=${i}`);
    args.push(`--minShapes=${shapeSpec(p, 'min')}`, `--optShapes=${shapeSpec(p, 'opt')}`, `--maxShapes=${shapeSpec(p, 'max')}`);
  });
  return args;
}

function layerPrecisionArgs(options: TrtexecBuildOptions, target: TrtexecTarget, problems: TrtexecOptionProblem[]): string[] {
  const entries = Object.entries(options.layerPrecisions ?? {});
  if (entries.length === 0) return [];
  if (!trtexecHasFlag(target, 'layerPrecisions')) {
    problems.push({ field: 'layer_precisions', message: `layer precisions have no flag in ${describeTarget(target)}`, hint: FP16_HINT });
    return [];
  }
  const allowed = target.version.major >= 10 ? ['fp32', 'fp16', 'bf16', 'int8', 'int32'] : ['fp32', 'fp16', 'int8', 'int32'];
  for (const [layer, p] of entries) {
    if (!allowed.includes(p)) problems.push({ field: `layer_precisions.${layer}`, message: `layer precision ${p} is not one of ${allowed.join(', ')} in ${describeTarget(target)}`, hint: `use one of ${allowed.join(', ')}` });
  }
  // Without a precision constraint trtexec only warns and may ignore the per-layer request.
  return [`--layerPrecisions=${entries.map(([layer, p]) => `${layer}:${p}`).join(',')}`, '--precisionConstraints=obey'];
}

function extraArgs(options: TrtexecBuildOptions, emitted: readonly string[], target: TrtexecTarget, problems: TrtexecOptionProblem[]): string[] {
  const taken = new Set(parseTrtexecFlags(emitted).map((f) => f.name));
  const out: string[] = [];
  (options.extraArgs ?? []).forEach((arg, i) => {
    const field = `extra_args[${i}]`;
    if (!arg.startsWith('--')) {
      problems.push({ field, message: `"${arg}" is not a flag: trtexec reads only --key=value, so a value after a space is an unknown option`, hint: 'join it to its flag: --key=value' });
      return;
    }
    const name = parseTrtexecFlags([arg])[0]?.name ?? '';
    if (!trtexecHasFlag(target, name)) problems.push({ field, message: `--${name} is not a flag of ${describeTarget(target)}`, hint: 'see trtexec --help of that version' });
    else if (taken.has(name) && name !== 'staticPlugins') problems.push({ field, message: `--${name} is already set by the stage’s own params`, hint: 'set it through the matching param instead' });
    else out.push(arg);
  });
  return out;
}

/**
 * Typed build options → trtexec argv for the detected version. Only `--key=value` and bare flags are
 * emitted, and only flags the target has; what the target cannot do is returned as problems (the
 * user's option mistakes), never silently dropped.
 */
export function buildTrtexecBuildArgv(options: TrtexecBuildOptions, target: TrtexecTarget): { argv: string[]; problems: TrtexecOptionProblem[] } {
  const problems: TrtexecOptionProblem[] = [];
  const argv = [`--onnx=${options.onnx}`, `--saveEngine=${options.saveEngine}`, '--skipInference'];
  argv.push(...precisionArgs(options, target, problems));
  if (options.calibrationCache !== undefined) {
    if (!['int8', 'best'].includes(options.precision)) problems.push({ field: 'calibration_cache', message: `a calibration cache is used only with int8 (precision is ${options.precision})`, hint: 'set precision: int8, or drop calibration_cache' });
    else if (!trtexecHasFlag(target, 'calib')) problems.push({ field: 'calibration_cache', message: `--calib does not exist in ${describeTarget(target)}`, hint: 'quantize the model with Q/DQ nodes instead' });
    else argv.push(`--calib=${options.calibrationCache}`);
  }
  argv.push(...profileArgs(options.profiles ?? [], target, problems));
  // A bare integer is MiB in 8.6 and 10.1+; a suffix like 1024MiB means 1024 *bytes* from 10.1 on.
  if (options.workspaceMiB !== undefined) argv.push(`--memPoolSize=workspace:${Math.round(options.workspaceMiB)}`);
  if (options.builderOptimizationLevel !== undefined) argv.push(`--builderOptimizationLevel=${options.builderOptimizationLevel}`);
  if (options.timingCacheFile !== undefined) argv.push(`--timingCacheFile=${options.timingCacheFile}`);
  for (const plugin of options.plugins ?? []) argv.push(`--staticPlugins=${plugin}`);
  if (options.versionCompatible) argv.push('--versionCompatible');
  const hw = options.hardwareCompatibilityLevel;
  if (hw !== undefined && hw !== 'none') {
    const known = target.flags?.flags.hardwareCompatibilityLevel?.description ?? '';
    if (hw === 'sameComputeCapability' && (target.version.major < 10 || (target.flags && !known.includes('sameComputeCapability')))) {
      problems.push({ field: 'hardware_compatibility_level', message: `sameComputeCapability is not a level of ${describeTarget(target)}`, hint: 'use ampere+ or none' });
    } else argv.push(`--hardwareCompatibilityLevel=${hw}`);
  }
  argv.push(...layerPrecisionArgs(options, target, problems));
  if (options.exportLayerInfo !== undefined) argv.push('--profilingVerbosity=detailed', `--exportLayerInfo=${options.exportLayerInfo}`);
  argv.push(...extraArgs(options, argv, target, problems));
  // The safety net: a flag the target's help does not list would end in `Unknown option` → FAILED.
  for (const { name } of parseTrtexecFlags(argv)) {
    if (!trtexecHasFlag(target, name) && !problems.some((p) => p.message.includes(`--${name}`))) {
      problems.push({ field: name, message: `--${name} is not a flag of ${describeTarget(target)}`, hint: 'use a trtexec that has it' });
    }
  }
  return { argv, problems };
}
