import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTrtexecBuildArgv, buildTrtexecEngineRunArgv, detectTrtexecFromHelp, type TrtexecBuildOptions, type TrtexecTarget } from '@pipeline/tensorrt';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const help = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');
const target = (f: string): TrtexecTarget => {
  const detected = detectTrtexecFromHelp(help(f));
  if (!detected) throw new Error(`${f}: no banner`);
  return detected;
};
// A second, minimal reader of the help text: every `  --name` that starts a line (plus `, --alias`).
const listed = (f: string) => new Set([...help(f).matchAll(/^ {2}--([A-Za-z]\w*)|, --([A-Za-z]\w*)/gm)].map((m) => m[1] ?? m[2]));
const names = (argv: readonly string[]) => argv.map((a) => /^--([^=]+)/.exec(a)?.[1] ?? `<not a flag: ${a}>`);

const base: TrtexecBuildOptions = { onnx: '/m/model.onnx', saveEngine: '/o/model.plan', precision: 'fp16' };
const everything: TrtexecBuildOptions = {
  ...base,
  precision: 'int8',
  calibrationCache: '/c/calib.cache',
  profiles: [{ x: { min: [1, 3, 8, 8], opt: [4, 3, 8, 8], max: [8, 3, 8, 8] }, 'in:0': { min: [1], opt: [2], max: [4] } }],
  workspaceMiB: 2048,
  builderOptimizationLevel: 5,
  timingCacheFile: '/t/timing.cache',
  plugins: ['/p/libplugin.so'],
  versionCompatible: true,
  hardwareCompatibilityLevel: 'ampere+',
  layerPrecisions: { conv1: 'fp16' },
  exportLayerInfo: '/o/layers.json',
  extraArgs: ['--noTF32', '--avgTiming=4'],
};

describe('buildTrtexecBuildArgv against the recorded help texts', () => {
  it('reads the version from the --help banner', () => {
    expect(target('trt8.6.1-help-no-args.txt').version).toMatchObject({ major: 8, minor: 6, patch: 1 });
    expect(target('trt10.16-help.txt').version).toMatchObject({ major: 10, minor: 16, patch: 1 });
  });

  for (const file of ['trt8.6.1-help-no-args.txt', 'trt10.16-help.txt']) {
    it(`emits only --key=value and bare flags that ${file} lists`, () => {
      const { argv, problems } = buildTrtexecBuildArgv(everything, target(file));
      expect(problems).toEqual([]);
      const flags = listed(file);
      for (const name of names(argv)) expect(flags.has(name), `--${name} in ${file}`).toBe(true);
      expect(argv.every((a) => /^--\w+(=.+)?$/.test(a))).toBe(true);
    });
  }

  it('writes the workspace as a bare MiB integer and quotes names containing ":"', () => {
    const { argv } = buildTrtexecBuildArgv(everything, target('trt10.16-help.txt'));
    expect(argv).toContain('--memPoolSize=workspace:2048');
    expect(argv).toContain("--minShapes=x:1x3x8x8,'in:0':1");
    expect(argv).toContain('--calib=/c/calib.cache');
  });

  it('accepts fp8, bf16 and two profiles on 10.16 but refuses them on 8.6.1 as option mistakes', () => {
    const two = [{ x: { min: [1], opt: [2], max: [4] } }, { x: { min: [4], opt: [8], max: [16] } }];
    for (const options of [{ ...base, precision: 'fp8' as const }, { ...base, precision: 'bf16' as const }, { ...base, profiles: two }]) {
      expect(buildTrtexecBuildArgv(options, target('trt10.16-help.txt')).problems).toEqual([]);
      const refused = buildTrtexecBuildArgv(options, target('trt8.6.1-help-no-args.txt')).problems;
      expect(refused.map((p) => p.field)).toEqual([options.profiles ? 'profiles' : 'precision']);
    }
    expect(buildTrtexecBuildArgv({ ...base, profiles: two }, target('trt10.16-help.txt')).argv).toContain('--profile=1');
  });

  it('refuses a value after a space and a flag the version does not list', () => {
    const ok = buildTrtexecBuildArgv({ ...base, extraArgs: ['--avgTiming=2'] }, target('trt10.16-help.txt'));
    expect(ok.problems).toEqual([]);
    const bad = buildTrtexecBuildArgv({ ...base, extraArgs: ['--saveEngine', 'x.plan', '--workspace=64'] }, target('trt10.16-help.txt'));
    expect(bad.problems.map((p) => p.field)).toEqual(['extra_args[0]', 'extra_args[1]', 'extra_args[2]']);
  });

  it('on TensorRT 11 (documentation only, no help text) builds fp32 but says fp16 needs the FP16 conversion', () => {
    const v11: TrtexecTarget = { version: { major: 11, minor: 1, patch: 0 } };
    const fp32 = buildTrtexecBuildArgv({ ...base, precision: 'fp32' }, v11);
    expect(fp32.problems).toEqual([]);
    expect(names(fp32.argv)).not.toContain('fp16');
    const fp16 = buildTrtexecBuildArgv(base, v11);
    expect(fp16.problems).toHaveLength(1);
    expect(fp16.problems[0]?.hint).toMatch(/convert\/onnxruntime/);
  });

  it('refuses a profile whose min exceeds max', () => {
    const { problems } = buildTrtexecBuildArgv({ ...base, profiles: [{ x: { min: [8], opt: [4], max: [2] } }] }, target('trt10.16-help.txt'));
    expect(problems.map((p) => p.field)).toEqual(['profiles[0].x']);
  });
});

describe('buildTrtexecEngineRunArgv', () => {
  it('profiles with --separateProfileRun and loads raw inputs, using only listed flags', () => {
    for (const file of ['trt8.6.1-help-no-args.txt', 'trt10.16-help.txt']) {
      const { argv, problems } = buildTrtexecEngineRunArgv(
        { loadEngine: '/e.plan', shapes: { x: [4, 3] }, loadInputs: { x: '/x.raw' }, dumpRawBindings: true, iterations: 10, profile: true, exportTimes: '/t.json', exportProfile: '/p.json' },
        target(file),
      );
      expect(problems).toEqual([]);
      expect(argv).toContain('--separateProfileRun');
      for (const name of names(argv)) expect(listed(file).has(name)).toBe(true);
    }
  });
});
