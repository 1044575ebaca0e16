import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../../../test/support/test-certificates.js';
import { type Completion, HttpConnection, requestBytes } from './http-connection.js';
import { httpServerProbe } from './server-probe.js';
import { tlsParamsSchema } from '@pipeline/kserve-client/target-params';
import { readTlsSettings } from '@pipeline/kserve-client/tls-settings';

// An https server that REQUIRES a client certificate signed by the test CA (an mTLS gateway), with a
// server certificate for 127.0.0.1 from the same CA. Certificates made by openssl for this test only.
const certs = makeTestCertificates();
const other = makeTestCertificates(); // another CA: a client certificate the server does not trust
const server = createServer({ key: certs.key, cert: certs.cert, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
  const subject = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '?');
  if (req.url === '/v2/models/stats') res.setHeader('content-type', 'application/json').end(JSON.stringify({ model_stats: [{ name: subject, version: '1' }] }));
  else res.writeHead(200, { 'content-length': String(Buffer.byteLength(subject)) }).end(subject);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The files a user keeps, as a stage's `ctx.readText` reads them: here a map of name → text. */
const files: Record<string, string> = { 'ca.pem': certs.ca, 'client.pem': certs.clientCert, 'client.key': certs.clientKey, 'other.key': other.clientKey, 'other.pem': other.clientCert, 'server.pem': certs.cert };
const read = async (file: string) => {
  const text = files[file];
  if (text === undefined) return readFile(file, 'utf8'); // a real read, for a missing file's ENOENT
  return text;
};
const params = (tls: Record<string, unknown>) => tlsParamsSchema.parse(tls);
const send = (c: HttpConnection): Promise<Completion> => new Promise((resolve) => c.send(requestBytes(new URL(`https://127.0.0.1:${port}/`), 'GET', {}, undefined), resolve));

describe('tls: with a client certificate (mutual TLS)', () => {
  it('the load generator’s connection and the stats probe present the certificate from cert_file/key_file', async () => {
    const tls = await readTlsSettings(params({ ca_file: 'ca.pem', cert_file: 'client.pem', key_file: 'client.key' }), read);
    const connection = new HttpConnection({ host: '127.0.0.1', port, secure: true, tls }, 2000);
    expect(await send(connection)).toMatchObject({ ok: true, status: 200 });
    connection.close();
    const probe = httpServerProbe(`https://127.0.0.1:${port}`, { ...(tls ? { tls } : {}) });
    // The server names the client certificate's subject it saw: the one given.
    expect((await probe.modelStats())?.[0]?.name).toBe('pipeline-test-client');
    await probe.close?.();
  });

  it('without the certificate the handshake is refused, counted as a tls error', async () => {
    const tls = await readTlsSettings(params({ ca: certs.ca }), read);
    const connection = new HttpConnection({ host: '127.0.0.1', port, secure: true, tls }, 2000);
    expect(await send(connection)).toEqual({ ok: false, kind: 'tls' });
  });

  it('servername: the certificate is checked against the name given, not the URL’s IP', async () => {
    // The server certificate names IP 127.0.0.1 only: verified as 127.0.0.1 it passes, as another name it fails.
    const base = { ca: certs.ca, cert_file: 'client.pem', key_file: 'client.key' };
    const plain = new HttpConnection({ host: '127.0.0.1', port, secure: true, tls: await readTlsSettings(params(base), read) }, 2000);
    expect(await send(plain)).toMatchObject({ ok: true });
    plain.close();
    const named = new HttpConnection({ host: '127.0.0.1', port, secure: true, tls: await readTlsSettings(params({ ...base, servername: 'triton.internal' }), read) }, 2000);
    expect(await send(named)).toEqual({ ok: false, kind: 'tls' });
  });
});

describe('readTlsSettings refuses, naming the field', () => {
  it('accepts a matching certificate and key, then refuses each broken variant of them', async () => {
    const good = { ca_file: 'ca.pem', cert_file: 'client.pem', key_file: 'client.key' };
    expect(await readTlsSettings(params(good), read)).toMatchObject({ ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, reject_unauthorized: true });
    const refusal = (tls: Record<string, unknown>) => readTlsSettings(params(tls), read).then(() => undefined, (e: { code: string; message: string; exitCode: number }) => e);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good, key_file: 'other.key' }, /^tls\.key_file: other\.key is not the private key of the certificate in client\.pem/],
      [{ ...good, cert_file: 'client.key' }, /^tls\.cert_file: client\.key is not a PEM certificate/],
      [{ ...good, key_file: 'client.pem' }, /^tls\.key_file: client\.pem is not a PEM private key/],
      [{ ...good, key_file: '/nonexistent/client.key' }, /^tls\.key_file: cannot read \/nonexistent\/client\.key \(no such file\)/],
      [{ ...good, ca_file: 'client.key' }, /^tls\.ca_file: holds no PEM certificate/],
    ];
    for (const [tls, message] of cases) {
      const error = await refusal(tls);
      expect(error, JSON.stringify(tls)).toMatchObject({ code: 'E_TLS_SETTINGS', exitCode: 2 });
      expect(error?.message).toMatch(message);
      // Never the key's contents, whichever file was wrong.
      expect(error?.message).not.toContain('PRIVATE KEY');
    }
  });

  it('the params schema accepts cert_file with key_file, and refuses either alone or both CA forms, at the field', () => {
    expect(tlsParamsSchema.safeParse({ cert_file: 'c.pem', key_file: 'k.pem' }).success).toBe(true);
    const issues = (tls: Record<string, unknown>) => tlsParamsSchema.safeParse(tls).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ key_file: 'k.pem' })).toEqual([['key_file', expect.stringContaining('needs tls.cert_file')]]);
    expect(issues({ cert_file: 'c.pem' })).toEqual([['cert_file', expect.stringContaining('needs tls.key_file')]]);
    expect(tlsParamsSchema.safeParse({ ca: 'PEM' }).success).toBe(true);
    expect(issues({ ca: 'PEM', ca_file: 'ca.pem' })).toEqual([['ca_file', expect.stringContaining('not both')]]);
    // A PEM key as text is not a setting: keys come as files only.
    expect(tlsParamsSchema.safeParse({ cert_file: 'c.pem', key_file: 'k.pem', key: 'PEM' }).success).toBe(false);
  });
});
