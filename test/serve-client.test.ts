// @pipeline/kserve-client against `pipeline serve`: every client call on a real v2 server, outputs
// compared with ONNX Runtime in-process. (The protocol itself is checked in serve-conformance.test.ts.)
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { builtinRunners } from '@pipeline/builtin-runners';
import { isPipelineError } from '@pipeline/errors';
import { KSERVE_ERROR_CODES, KServeClient, KServeError, openKServeRunner, statisticsDelta } from '@pipeline/kserve-client';
import { type RunningServer, startServer } from '@pipeline/serve';
import type { Tensor } from '@pipeline/tensor';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clsImage, makeServeRepository } from './support/serve-repository.js';
import { ocrModels } from './support/test-models.js';

const OUTPUT = 'softmax_0.tmp_0';
let server: RunningServer;
let client: KServeClient;
let repository: string;
let session: ort.InferenceSession;

beforeAll(async () => {
  repository = await makeServeRepository();
  [server, session] = await Promise.all([startServer({ repository, port: 0 }), ort.InferenceSession.create(ocrModels.cls, { intraOpNumThreads: 1 })]);
  client = new KServeClient({ url: server.url, metricsUrl: server.metricsUrl, timeoutMs: 20_000 });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  await session?.release();
  await rm(repository, { recursive: true, force: true });
});

const image = (batch: number, seed = 1): Tensor => ({ dtype: 'float32', shape: [batch, 3, 48, 192], data: clsImage(batch, 192, seed) });
async function expected(input: Tensor): Promise<Float32Array> {
  return (await session.run({ x: new ort.Tensor('float32', input.data as Float32Array, input.shape) }))[OUTPUT]!.data as Float32Array;
}

describe('KServeClient against pipeline serve', () => {
  it('reads health, server and model metadata and the config', async () => {
    expect(await client.serverLive()).toBe(true);
    expect(await client.serverReady()).toBe(false);
    expect(await client.modelReady('cls')).toBe(true);
    expect(await client.modelReady('broken')).toBe(false);
    expect((await client.serverMetadata()).extensions).toContain('binary_tensor_data');
    const meta = await client.modelMetadata('cls');
    expect(meta.inputs[0]).toEqual({ name: 'x', datatype: 'FP32', shape: [-1, 3, 48, -1] });
    expect((await client.modelConfig('cls')).max_batch_size).toBe(8);
  });

  it('infers with binary and with JSON tensors, both equal to ONNX Runtime', async () => {
    const input = image(2, 9);
    const binary = await client.infer('cls', { x: input });
    expect(binary.outputs[OUTPUT]).toEqual({ dtype: 'float32', shape: [2, 2], data: await expected(input) });
    const json = await client.infer('cls', { x: input }, { binaryInputs: false, binaryOutputs: false, id: 'j1' });
    expect([json.modelName, json.modelVersion, json.id]).toEqual(['cls', '1', 'j1']);
    expect(json.outputs[OUTPUT]?.data).toEqual(await expected(input));
  });

  it('gives the server message and a code when the request is refused', async () => {
    const error = await client.infer('cls', { x: { dtype: 'int32', shape: [1, 3, 48, 192], data: new Int32Array(3 * 48 * 192) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KServeError);
    expect([(error as KServeError).code, (error as KServeError).status]).toEqual([KSERVE_ERROR_CODES.badRequest, 400]);
    expect((error as KServeError).serverMessage).toMatch(/INT32/);
  });

  it('takes statistics deltas that match the requests sent, and metrics that agree', async () => {
    const [before] = await client.modelStatistics('cls');
    await Promise.all([1, 2, 3].map((seed) => client.infer('cls', { x: image(1, seed) })));
    await client.infer('cls', { x: image(2) });
    const [after] = await client.modelStatistics('cls');
    const delta = statisticsDelta(before, after!);
    expect([delta.inferenceCount, delta.success.count, delta.fail.count]).toEqual([5, 4, 0]);
    expect(Object.entries(delta.executionsByBatchSize).reduce((n, [size, count]) => n + Number(size) * count, 0)).toBe(5);
    expect(delta.averageBatchSize).toBe(5 / delta.executionCount);
    const metrics = await client.metrics();
    const cls = metrics.models.find((m) => m.model === 'cls');
    expect([cls?.inferenceCount, cls?.executionCount, cls?.requestSuccess]).toEqual([after!.inference_count, after!.execution_count, after!.inference_stats.success.count]);
    expect(metrics.gpus).toEqual([]);
    expect(metrics.cpu.memoryTotalBytes).toBeGreaterThan(0);
  });

  it('lists the repository, unloads and loads with config and file contents', async () => {
    const index = await client.repositoryIndex();
    expect(index.find((e) => e.name === 'broken')?.reason).toMatch(/could not load/);
    await client.loadModel('sent', {
      config: { name: 'sent', platform: 'onnxruntime_onnx', max_batch_size: 4, instance_group: [{ count: 1, kind: 'KIND_CPU' }] },
      files: { '1/model.onnx': readFileSync(ocrModels.cls) },
    });
    const input = image(1, 4);
    expect((await client.infer('sent', { x: input })).outputs[OUTPUT]?.data).toEqual(await expected(input));
    await client.unloadModel('sent');
    expect(await client.modelReady('sent')).toBe(false);
    expect((await client.repositoryIndex({ ready: true })).map((e) => e.name)).not.toContain('sent');
  });

  it('opens a served model as a Runner', async () => {
    const runner = await openKServeRunner({ url: server.url, model: 'cls' });
    try {
      expect(runner.info.backend).toBe('triton');
      expect(runner.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [null, 3, 48, null] }]);
      const input = image(1, 11);
      expect((await runner.run({ x: input }))[OUTPUT]?.data).toEqual(await expected(input));
    } finally {
      await runner.close();
    }
  });
});

describe('runner: triton in the runner registry', () => {
  it('uploads the stage’s model file, runs it on the server as ONNX Runtime does, and unloads it on close', async () => {
    const open = builtinRunners.factory('triton', { settings: { url: server.url } });
    const runner = await open(ocrModels.cls);
    const served = (await client.repositoryIndex({ ready: true })).map((e) => e.name).filter((n) => n.startsWith('pipeline_'));
    expect(served).toHaveLength(1);
    const input = image(2, 13);
    expect((await runner.run({ x: input }))[OUTPUT]?.data).toEqual(await expected(input));
    await runner.close();
    expect(await client.modelReady(served[0]!)).toBe(false);
  });

  it('runs a model the server already serves, by name', async () => {
    const runner = await builtinRunners.open('triton', { path: ocrModels.cls, settings: { url: server.url, model: 'double' } });
    expect((await runner.run({ y: { dtype: 'float32', shape: [1, 2], data: Float32Array.of(0.5, 4) } })).z?.data).toEqual(Float32Array.of(1, 8));
    await runner.close();
  });

  it('asks for the server when none is given', async () => {
    await expect(builtinRunners.open('triton', { path: ocrModels.cls, settings: { url: server.url, model: 'double' } }).then((r) => r.close())).resolves.toBeUndefined();
    const error = await builtinRunners.open('triton', { path: ocrModels.cls }).catch((e: unknown) => e);
    expect(isPipelineError(error) && error.code).toBe('E_TRITON_RUNNER_URL');
  });
});
