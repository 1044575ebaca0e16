// `pipeline serve`'s life: graceful shutdown (in-flight requests finish, new ones get 503), a clear error
// when the port is taken, and the CLI verb stopping cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPipelineError } from '@pipeline/errors';
import { startServer } from '@pipeline/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDoubleModel } from './support/serve-repository.js';
import { repoRoot } from './support/test-models.js';

const QUEUE_DELAY_US = 1_000_000;
let repository: string;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'serve-life-'));
  await mkdir(join(repository, 'double/1'), { recursive: true });
  await writeDoubleModel(join(repository, 'double/1/model.onnx'));
  // A lone request waits the whole queue delay for a batch of 8 that never comes: a request kept in flight.
  await writeFile(
    join(repository, 'double/config.pbtxt'),
    `max_batch_size: 8\ninstance_group [ { count: 1 } ]\ndynamic_batching { preferred_batch_size: [ 8 ] max_queue_delay_microseconds: ${QUEUE_DELAY_US} }\n`,
  );
});
afterAll(async () => {
  await rm(repository, { recursive: true, force: true });
});

const inferBody = JSON.stringify({ inputs: [{ name: 'y', shape: [1, 2], datatype: 'FP32', data: [1.5, -2] }] });

describe('graceful shutdown', () => {
  it('lets the request in flight finish and answers new ones 503', async () => {
    const server = await startServer({ repository, port: 0 });
    const inFlight = fetch(`${server.url}/v2/models/double/infer`, { method: 'POST', body: inferBody });
    // Wait (bounded) until the server holds the request in its queue: its pending gauge says 1.
    for (let tries = 0; tries < 100; tries++) {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      if (/^nv_inference_pending_request_count\{[^}]*model="double"[^}]*\} 1$/m.test(metrics)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const closing = server.close();
    const late = await fetch(`${server.url}/v2/health/live`);
    expect(late.status).toBe(503);
    expect(((await late.json()) as { error: string }).error).toMatch(/shutting down/);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { outputs: { data: number[] }[] }).outputs[0]!.data).toEqual([3, -4]);
    await closing;
    await expect(fetch(`${server.url}/v2/health/live`)).rejects.toThrow();
  });
});

describe('ports', () => {
  it('says clearly that the port is taken', async () => {
    const first = await startServer({ repository, port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      const error = await startServer({ repository, port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPipelineError(error) && [error.code, error.exitCode]).toEqual(['E_SERVE_PORT_IN_USE', 2]);
      expect((error as Error).message).toContain(String(port));
    } finally {
      await first.close();
    }
  });

  it('says clearly that a --host is not an address it can bind, whether it resolves or not', async () => {
    for (const [host, says] of [
      ['192.0.2.1', 'is not an address of this machine'],
      ['999.1.1.1', 'does not resolve'],
    ] as const) {
      const error = await startServer({ repository, port: 0, host }).then(
        (server) => server.close(),
        (e: unknown) => e,
      );
      expect(isPipelineError(error) && [error.code, error.exitCode]).toEqual(['E_SERVE_HOST', 2]);
      expect((error as Error).message).toContain(host);
      expect((error as Error).message).toContain(says);
    }
  });

  it('binds to loopback unless told otherwise, and serves /metrics on a metrics port too', async () => {
    const server = await startServer({ repository, port: 0, metricsPort: 0 });
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      expect(new URL(server.metricsUrl).port).not.toBe(new URL(server.url).port);
      const [own, shared] = await Promise.all([fetch(server.metricsUrl), fetch(`${server.url}/metrics`)]);
      expect([own.status, shared.status]).toEqual([200, 200]);
      expect(await own.text()).toMatch(/^nv_inference_count\{[^}]*model="double"/m);
      expect((await fetch(new URL('/v2/health/live', server.metricsUrl))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('pipeline serve (the built CLI)', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/dist/bin.cjs'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving .* at (http:\/\/\S+) \(metrics/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before serving: ${output}`)));
    });
    expect(output).toMatch(/not Triton/);
    expect((await fetch(`${url}/v2/models/double/ready`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
