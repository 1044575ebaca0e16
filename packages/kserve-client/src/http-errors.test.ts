import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KServeClient } from './client.js';
import { KSERVE_ERROR_CODES, KServeError } from './errors.js';

/** A tiny v2-shaped server for the transport's error paths: the real endpoints are tested against `serve`. */
let server: Server;
let url: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/v2/health/live') return void res.writeHead(200).end();
    if (req.url === '/v2/health/ready') return void res.writeHead(400).end();
    if (req.url?.endsWith('/load')) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"explicit model load / unload is not allowed if polling is enabled"}');
    if (req.url === '/v2/models/slow/config') return void setTimeout(() => res.writeHead(200).end('{}'), 2000);
    if (req.url === '/v2') return void res.writeHead(200).end('not json');
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"unknown route"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<KServeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KServeError);
  return error as KServeError;
}

describe('KServeClient transport', () => {
  it('reads health from the status code alone', async () => {
    const client = new KServeClient({ url });
    expect(await client.serverLive()).toBe(true);
    expect(await client.serverReady()).toBe(false);
    await client.close();
  });

  it('sends the bearer token and extra headers on every call', async () => {
    const client = new KServeClient({ url, auth: { bearer: 't0k' }, headers: { 'x-api-key': 'k' } });
    await client.serverLive();
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer t0k');
    expect(seen.at(-1)?.headers['x-api-key']).toBe('k');
    await client.close();
    const basic = new KServeClient({ url, auth: { username: 'u', password: 'p' } });
    await basic.serverLive();
    expect(seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    await basic.close();
  });

  it('says what a 503 on load means', async () => {
    const client = new KServeClient({ url });
    const error = await failure(client.loadModel('cls'));
    expect(error.code).toBe(KSERVE_ERROR_CODES.pollMode);
    expect(error.status).toBe(503);
    expect(error.hint).toMatch(/explicit/);
    await client.close();
  });

  it('gives v2 error messages, timeouts, protocol and unreachable errors their codes', async () => {
    const client = new KServeClient({ url, timeoutMs: 200 });
    const missing = await failure(client.modelMetadata('nope'));
    expect([missing.code, missing.serverMessage]).toEqual([KSERVE_ERROR_CODES.notFound, 'unknown route']);
    const slow = await failure(client.modelConfig('slow', undefined, { timeoutMs: 100 }));
    expect(slow.code).toBe(KSERVE_ERROR_CODES.timeout);
    expect(slow.transient).toBe(true);
    expect((await failure(client.serverMetadata())).code).toBe(KSERVE_ERROR_CODES.protocol);
    await client.close();
    const nowhere = new KServeClient({ url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    expect((await failure(nowhere.serverLive())).code).toBe(KSERVE_ERROR_CODES.unreachable);
    await nowhere.close();
  });
});
