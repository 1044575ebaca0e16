import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../../../test/support/test-certificates.js';
import { KServeClient } from './client.js';
import { KSERVE_ERROR_CODES, KServeError } from './errors.js';

// An https server that REQUIRES a client certificate signed by the test CA (an mTLS gateway); certificates
// made by openssl for this test only. In TLS 1.3 it refuses after the client's handshake is done, so the
// HTTP client sees only a close: the client must still say it was TLS, and why.
const certs = makeTestCertificates();
const server = createServer({ key: certs.key, cert: certs.cert, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, (_req, res) => res.writeHead(200).end());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`;
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('mutual TLS', () => {
  it('with the client certificate and key the server answers; without them the call is E_KSERVE_TLS naming the alert, with a client-certificate hint', async () => {
    const withCertificate = new KServeClient({ url, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    expect(await withCertificate.serverLive()).toBe(true);
    await withCertificate.close();
    const without = new KServeClient({ url, tls: { ca: certs.ca }, timeoutMs: 5000 });
    const error = await without.serverLive().catch((e: unknown) => e);
    await without.close();
    expect(error).toBeInstanceOf(KServeError);
    expect(error).toMatchObject({ code: KSERVE_ERROR_CODES.tls, hint: expect.stringContaining('client certificate') });
    expect((error as KServeError).message).toMatch(/CERTIFICATE_REQUIRED/);
  });

  it('servername is the name the server’s certificate is verified against (this one names IP 127.0.0.1 only)', async () => {
    const tls = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    const byAddress = new KServeClient({ url, tls });
    expect(await byAddress.serverLive()).toBe(true);
    await byAddress.close();
    const byName = new KServeClient({ url, tls: { ...tls, servername: 'triton.internal' }, timeoutMs: 5000 });
    const error = await byName.serverLive().catch((e: unknown) => e);
    await byName.close();
    expect(error).toMatchObject({ code: KSERVE_ERROR_CODES.tls });
    expect((error as KServeError).message).toMatch(/triton\.internal/);
  });
});
