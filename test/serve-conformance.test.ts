// Conformance of `pipeline serve` to the KServe v2 / Triton HTTP protocol, spoken as raw HTTP (fetch)
// built from test/fixtures/reference/triton.md §5, never through our own client. Expected outputs come
// from ONNX Runtime run in-process on the same inputs.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@pipeline/serve';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLS_CONFIG, clsImage, makeServeRepository } from './support/serve-repository.js';
import { ocrModels, repoRoot } from './support/test-models.js';

const OUTPUT = 'softmax_0.tmp_0';
let server: RunningServer;
let repository: string;
let session: ort.InferenceSession;

beforeAll(async () => {
  repository = await makeServeRepository();
  [server, session] = await Promise.all([
    startServer({ repository, port: 0, maxBodyBytes: 2 * 1024 * 1024 }),
    ort.InferenceSession.create(ocrModels.cls, { intraOpNumThreads: 1 }),
  ]);
});
afterAll(async () => {
  await server?.close();
  await session?.release();
  await rm(repository, { recursive: true, force: true });
});

async function expectedCls(image: Float32Array, batch: number, width = 192): Promise<Float32Array> {
  const result = await session.run({ x: new ort.Tensor('float32', image, [batch, 3, 48, width]) });
  return result[OUTPUT]!.data as Float32Array;
}

const get = (path: string) => fetch(`${server.url}${path}`);
const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { method: 'POST', body, headers });
const jsonInfer = (image: Float32Array, shape: number[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ inputs: [{ name: 'x', shape, datatype: 'FP32', data: Array.from(image) }], ...extra });

/** A binary-extension request written out by hand: the JSON header, then the raw little-endian floats. */
function binaryRequest(image: Float32Array, shape: number[], outputsBinary: boolean): { body: Buffer; headerLength: number } {
  const header = Buffer.from(
    JSON.stringify({
      inputs: [{ name: 'x', shape, datatype: 'FP32', parameters: { binary_data_size: image.byteLength } }],
      outputs: [{ name: OUTPUT, parameters: { binary_data: outputsBinary } }],
    }),
  );
  return { body: Buffer.concat([header, Buffer.from(image.buffer, image.byteOffset, image.byteLength)]), headerLength: header.length };
}

async function expectV2Error(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await response.json()) as { error?: unknown };
  expect(typeof body.error).toBe('string');
  return body.error as string;
}

describe('health and metadata', () => {
  it('answers live with 200 and an empty body', async () => {
    const live = await get('/v2/health/live');
    expect([live.status, await live.text()]).toEqual([200, '']);
  });

  it('is not ready while a model failed to load, and the index says why', async () => {
    expect((await get('/v2/health/ready')).status).toBe(400);
    const index = (await (await post('/v2/repository/index', '{}')).json()) as { name: string; state?: string; reason?: string; version?: string }[];
    expect(index.map((e) => [e.name, e.state])).toEqual([
      ['broken', 'UNAVAILABLE'],
      ['cls', 'READY'],
      ['cls_double', 'READY'],
      ['double', 'READY'],
    ]);
    expect(index[0]?.reason).toMatch(/could not load/);
    const ready = (await (await post('/v2/repository/index', '{"ready": true}')).json()) as { name: string }[];
    expect(ready.map((e) => e.name)).toEqual(['cls', 'cls_double', 'double']);
  });

  it('describes the server without claiming to be Triton', async () => {
    const meta = (await (await get('/v2')).json()) as { name: string; version: string; extensions: string[] };
    expect(meta.name).not.toMatch(/triton/i);
    expect(meta.extensions).toEqual(expect.arrayContaining(['binary_tensor_data', 'model_repository', 'statistics', 'model_configuration']));
  });

  it('gives model metadata with the batch dim as -1 in front of the config dims', async () => {
    const meta = await (await get('/v2/models/cls')).json();
    expect(meta).toEqual({
      name: 'cls',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, ...CLS_CONFIG.dims] }],
      outputs: [{ name: OUTPUT, datatype: 'FP32', shape: [-1, 2] }],
    });
    expect((await get('/v2/models/cls/versions/1')).status).toBe(200);
    expect((await get('/v2/models/cls/ready')).status).toBe(200);
    await expectV2Error(await get('/v2/models/broken/ready'), 400);
  });

  it('gives the config in Triton JSON form: snake_case, enum names, numbers', async () => {
    const config = (await (await get('/v2/models/cls/config')).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      name: 'cls',
      platform: 'onnxruntime_onnx',
      max_batch_size: CLS_CONFIG.maxBatchSize,
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: CLS_CONFIG.dims }],
      dynamic_batching: { preferred_batch_size: CLS_CONFIG.preferred, max_queue_delay_microseconds: CLS_CONFIG.maxQueueDelayUs },
      instance_group: [{ kind: 'KIND_CPU', count: 1 }],
    });
    // `double` named only max_batch_size and its instances: the rest was completed from the model.
    const double = (await (await get('/v2/models/double/config')).json()) as Record<string, unknown>;
    expect(double).toMatchObject({ name: 'double', platform: 'onnxruntime_onnx', max_batch_size: 8, input: [{ name: 'y', data_type: 'TYPE_FP32', dims: [2] }], output: [{ name: 'z', dims: [2] }] });
  });
});

describe('inference', () => {
  it('answers JSON with what ONNX Runtime returns in-process', async () => {
    const image = clsImage(1);
    const response = await post('/v2/models/cls/infer', jsonInfer(image, [1, 3, 48, 192], { id: 'r1' }), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model_name: string; model_version: string; id: string; outputs: { name: string; shape: number[]; datatype: string; data: number[] }[] };
    expect([body.model_name, body.model_version, body.id]).toEqual(['cls', '1', 'r1']);
    expect(body.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([[OUTPUT, 'FP32', [1, 2]]]);
    expect(Float32Array.from(body.outputs[0]!.data)).toEqual(await expectedCls(image, 1));
  });

  it('answers a binary request with binary outputs: the same bytes ONNX Runtime gives', async () => {
    const image = clsImage(3, 160, 7);
    const { body, headerLength } = binaryRequest(image, [3, 3, 48, 160], true);
    const response = await post('/v2/models/cls/infer', body, { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const jsonLength = Number(response.headers.get('inference-header-content-length'));
    const header = JSON.parse(bytes.subarray(0, jsonLength).toString()) as { outputs: { name: string; shape: number[]; parameters: { binary_data_size: number } }[] };
    const expected = await expectedCls(image, 3, 160);
    expect(header.outputs).toEqual([{ name: OUTPUT, datatype: 'FP32', shape: [3, 2], parameters: { binary_data_size: expected.byteLength } }]);
    expect(bytes.length).toBe(jsonLength + expected.byteLength);
    expect(bytes.subarray(jsonLength)).toEqual(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength));
  });

  it('takes binary inputs and gives JSON outputs when binary_data is false', async () => {
    const image = clsImage(1, 192, 3);
    const { body, headerLength } = binaryRequest(image, [1, 3, 48, 192], false);
    const response = await post('/v2/models/cls/infer', body, { 'inference-header-content-length': String(headerLength) });
    expect(response.headers.get('inference-header-content-length')).toBeNull();
    const json = (await response.json()) as { outputs: { data: number[] }[] };
    expect(Float32Array.from(json.outputs[0]!.data)).toEqual(await expectedCls(image, 1));
  });

  it('runs an ensemble step by step: cls, then double', async () => {
    const image = clsImage(2, 192, 5);
    const response = await post('/v2/models/cls_double/infer', JSON.stringify({ inputs: [{ name: 'image', shape: [2, 3, 48, 192], datatype: 'FP32', data: Array.from(image) }] }));
    expect(response.status).toBe(200);
    const json = (await response.json()) as { outputs: { name: string; shape: number[]; data: number[] }[] };
    const expected = (await expectedCls(image, 2)).map((v) => v + v);
    expect(json.outputs.map((o) => [o.name, o.shape])).toEqual([['doubled', [2, 2]]]);
    expect(Float32Array.from(json.outputs[0]!.data)).toEqual(expected);
  });
});

describe('bad requests get 400 with v2 error JSON, and the server keeps serving', () => {
  const image = clsImage(1);
  const valid = () => ({ name: 'x', shape: [1, 3, 48, 192], datatype: 'FP32', data: Array.from(image) as unknown[] });
  const infer = (inputs: unknown[], model = 'cls') => post(`/v2/models/${model}/infer`, JSON.stringify({ inputs }));

  it('accepts the unchanged request', async () => {
    expect((await infer([valid()])).status).toBe(200);
  });

  const cases: [string, () => Promise<Response>, RegExp][] = [
    ['an unknown model', () => infer([valid()], 'nope'), /unknown model.*nope/],
    ['an unknown input', () => infer([{ ...valid(), name: 'y' }]), /unexpected inference input 'y'/],
    ['a wrong datatype', () => infer([{ ...valid(), datatype: 'INT32', data: Array.from(image, Math.trunc) }]), /data-type is 'INT32'.*expects 'FP32'/],
    ['a wrong shape', () => infer([{ ...valid(), shape: [1, 3, 96, 96] }]), /unexpected shape for input 'x'/],
    [
      'a batch over max_batch_size',
      () => {
        const { body, headerLength } = binaryRequest(clsImage(9), [9, 3, 48, 192], true);
        return post('/v2/models/cls/infer', body, { 'inference-header-content-length': String(headerLength) });
      },
      /batch-size must be <= 8/,
    ],
    ['data that does not fill the shape', () => infer([{ ...valid(), data: Array.from(image).slice(1) }]), /elements/],
    ['malformed JSON', () => post('/v2/models/cls/infer', '{"inputs": [', { 'content-type': 'application/json' }), /does not parse/],
    [
      'a binary header length past the body',
      () => {
        const { body } = binaryRequest(image, [1, 3, 48, 192], true);
        return post('/v2/models/cls/infer', body, { 'inference-header-content-length': String(body.length + 1) });
      },
      /does not fit/,
    ],
    [
      'binary sizes that do not add up',
      () => {
        const { body, headerLength } = binaryRequest(image, [1, 3, 48, 192], true);
        return post('/v2/models/cls/infer', body.subarray(0, body.length - 4), { 'inference-header-content-length': String(headerLength) });
      },
      /runs past/,
    ],
    ['an oversized body', () => infer([{ ...valid(), shape: [8, 3, 48, 192], data: Array.from(clsImage(8)) }]), /exceeds the server's limit/],
  ];
  for (const [what, send, message] of cases) {
    it(`refuses ${what}`, async () => {
      expect(await expectV2Error(await send(), 400)).toMatch(message);
      expect((await infer([valid()])).status).toBe(200);
    });
  }
});

describe('statistics and metrics', () => {
  type Stat = { count: number; ns: number };
  type ModelStats = { name: string; version: string; inference_count: number; execution_count: number; inference_stats: Record<string, Stat>; batch_stats: { batch_size: number; compute_infer: Stat }[] };
  const stats = async (model: string) => ((await (await get(`/v2/models/${model}/stats`)).json()) as { model_stats: ModelStats[] }).model_stats[0]!;

  it('counts requests, inferences and executions; the deltas match what was sent', async () => {
    const before = await stats('double');
    const probs = [0.25, 0.75];
    for (let i = 0; i < 3; i++) await post('/v2/models/double/infer', JSON.stringify({ inputs: [{ name: 'y', shape: [2, 2], datatype: 'FP32', data: [...probs, ...probs] }] }));
    await post('/v2/models/double/infer', JSON.stringify({ inputs: [{ name: 'y', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] }));
    const after = await stats('double');
    expect(after.inference_count - before.inference_count).toBe(6);
    expect(after.inference_stats.success!.count - before.inference_stats.success!.count).toBe(3);
    expect(after.inference_stats.fail!.count - before.inference_stats.fail!.count).toBe(1);
    expect(after.inference_stats.compute_infer!.ns).toBeGreaterThan(before.inference_stats.compute_infer!.ns);
    const batch2 = (s: ModelStats) => s.batch_stats.find((b) => b.batch_size === 2)?.compute_infer.count ?? 0;
    expect(batch2(after) - batch2(before)).toBe(3);
    for (const key of ['success', 'fail', 'queue', 'compute_input', 'compute_infer', 'compute_output', 'cache_hit', 'cache_miss']) {
      expect(Object.keys(after.inference_stats[key]!)).toEqual(['count', 'ns']);
    }
  });

  it('batches concurrent requests dynamically (preferred size, queue delay)', async () => {
    const before = await stats('cls');
    const image = clsImage(1);
    const expected = await expectedCls(image, 1);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/v2/models/cls/infer', jsonInfer(image, [1, 3, 48, 192])).then((r) => r.json() as Promise<{ outputs: { data: number[] }[] }>)));
    for (const answer of answers) expect(Float32Array.from(answer.outputs[0]!.data)).toEqual(expected);
    const after = await stats('cls');
    const executions = after.execution_count - before.execution_count;
    expect(after.inference_count - before.inference_count).toBe(8);
    expect(executions).toBeLessThan(8);
    const batched = after.batch_stats.reduce((n, b) => n + b.batch_size * (b.compute_infer.count - (before.batch_stats.find((x) => x.batch_size === b.batch_size)?.compute_infer.count ?? 0)), 0);
    expect(batched).toBe(8);
  });

  it('exports Triton metric names, agreeing with /stats', async () => {
    const reference = readFileSync(join(repoRoot, 'test/fixtures/reference/triton.md'), 'utf8');
    const counterLine = /Counters: ([^;]+); gauge (\S+);/.exec(reference);
    const cumulative = /cumulative µs: ([^;]+);/.exec(reference);
    expect(counterLine && cumulative).toBeTruthy();
    const expectedNames = [
      ...counterLine![1]!.split(',').map((s) => s.trim()),
      counterLine![2]!,
      ...cumulative![1]!
        .split(', ')
        .flatMap((n) => (n.includes('{') ? ['input', 'infer', 'output'].map((k) => n.replace(/\{[^}]+\}/, k)) : [n.trim()])),
    ];
    const text = await (await get('/metrics')).text();
    const families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const name of expectedNames) expect(families, name).toContain(name);
    const sample = (name: string, model: string) => Number(new RegExp(`^${name}\\{[^}]*model="${model}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const clsStats = await stats('cls');
    expect(sample('nv_inference_count', 'cls')).toBe(clsStats.inference_count);
    expect(sample('nv_inference_exec_count', 'cls')).toBe(clsStats.execution_count);
    expect(sample('nv_inference_request_success', 'cls')).toBe(clsStats.inference_stats.success!.count);
    expect(text).not.toMatch(/^nv_gpu_/m);
  });
});

describe('repository control', () => {
  it('unloads a model with its dependents, then loads it again from its folder', async () => {
    expect((await post('/v2/repository/models/double/unload', JSON.stringify({ parameters: { unload_dependents: true } }))).status).toBe(200);
    await expectV2Error(await post('/v2/models/double/infer', JSON.stringify({ inputs: [{ name: 'y', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] })), 400);
    const index = (await (await post('/v2/repository/index', '')).json()) as { name: string; state?: string }[];
    expect(index.filter((e) => e.name === 'double' || e.name === 'cls_double').map((e) => e.state)).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
    expect((await post('/v2/repository/models/double/load', '')).status).toBe(200);
    expect((await post('/v2/repository/models/cls_double/load', '')).status).toBe(200);
    expect((await get('/v2/models/cls_double/ready')).status).toBe(200);
  });

  it('loads a model from a config and base64 file: contents, for a repository the server cannot see', async () => {
    const config = { name: 'uploaded', platform: 'onnxruntime_onnx', max_batch_size: 2, instance_group: [{ count: 1, kind: 'KIND_CPU' }] };
    const parameters = { config: JSON.stringify(config), 'file:1/model.onnx': readFileSync(ocrModels.cls).toString('base64') };
    expect((await post('/v2/repository/models/uploaded/load', JSON.stringify({ parameters }))).status).toBe(200);
    const image = clsImage(2);
    const response = await post('/v2/models/uploaded/infer', jsonInfer(image, [2, 3, 48, 192]));
    expect(Float32Array.from(((await response.json()) as { outputs: { data: number[] }[] }).outputs[0]!.data)).toEqual(await expectedCls(image, 2));
    expect((await post('/v2/repository/models/uploaded/unload', '')).status).toBe(200);
  });

  it('refuses a load whose files come without a config, and one that escapes the model folder', async () => {
    await expectV2Error(await post('/v2/repository/models/up2/load', JSON.stringify({ parameters: { 'file:1/model.onnx': 'AAAA' } })), 400);
    const config = JSON.stringify({ name: 'up3', platform: 'onnxruntime_onnx' });
    expect(await expectV2Error(await post('/v2/repository/models/up3/load', JSON.stringify({ parameters: { config, 'file:../evil.onnx': 'AAAA' } })), 400)).toMatch(/leaves the model folder/);
  });

  it('a model that failed to load does not stop the others; unloading it makes the server ready', async () => {
    expect((await post('/v2/repository/models/broken/unload', '')).status).toBe(200);
    expect((await get('/v2/health/ready')).status).toBe(200);
  });
});
