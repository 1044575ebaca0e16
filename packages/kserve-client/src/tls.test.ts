import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KServeClient } from './client.js';
import { KSERVE_ERROR_CODES, KServeError } from './errors.js';

// A self-signed certificate for 127.0.0.1, made by openssl for this test only.
let dir: string;
let cert: Buffer;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kserve-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'));
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => res.writeHead(200).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS options', () => {
  it('trusts a server whose CA is given', async () => {
    const client = new KServeClient({ url, tls: { ca: cert } });
    expect(await client.serverLive()).toBe(true);
    await client.close();
  });

  it('refuses an unknown CA with E_KSERVE_TLS', async () => {
    const client = new KServeClient({ url, timeoutMs: 5000 });
    const error = await client.serverLive().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KServeError);
    expect((error as KServeError).code).toBe(KSERVE_ERROR_CODES.tls);
    await client.close();
  });
});
