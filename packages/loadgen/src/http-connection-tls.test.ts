import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Completion, HttpConnection, requestBytes } from './http-connection.js';

// A self-signed certificate for 127.0.0.1, made by openssl for this test only. Over TLS the connection
// reads through 'data' events rather than `onread`: the same parser, fed the stream's own buffers.
const dir = mkdtempSync(join(tmpdir(), 'loadgen-tls-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
  if (req.url === '/chunked') {
    res.write('{"a":');
    setTimeout(() => res.end('1}'), 5);
  } else res.writeHead(201, { 'content-length': '2' }).end('{}');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const send = (c: HttpConnection, path: string): Promise<Completion> => new Promise((resolve) => c.send(requestBytes(new URL(`https://127.0.0.1:${port}${path}`), 'GET', {}, undefined), resolve));

describe('HttpConnection over TLS', () => {
  it('frames Content-Length and chunked responses with the server’s CA; refuses an unknown CA as tls', async () => {
    const trusted = new HttpConnection({ host: '127.0.0.1', port, secure: true, tls: { ca: cert } }, 2000);
    expect(await send(trusted, '/')).toMatchObject({ ok: true, status: 201 });
    expect(await send(trusted, '/chunked')).toMatchObject({ ok: true, status: 200 });
    trusted.close();
    const untrusted = new HttpConnection({ host: '127.0.0.1', port, secure: true }, 2000);
    expect(await send(untrusted, '/')).toEqual({ ok: false, kind: 'tls' });
  });
});
