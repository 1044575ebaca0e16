import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM text of a test-only certificate authority and a server certificate it signed for 127.0.0.1. */
export interface TestCertificates {
  /** The CA's certificate: what a client trusts (`tls.ca`). */
  ca: string;
  /** The server's certificate (subjectAltName IP:127.0.0.1) and its private key. */
  cert: string;
  key: string;
  /** A client certificate (extendedKeyUsage clientAuth, CN pipeline-test-client) signed by the same CA, and its key: what an mTLS gateway asks for. */
  clientCert: string;
  clientKey: string;
}

/**
 * Makes a CA, and a server and a client certificate signed by it, with the `openssl` binary, in a temporary folder
 * removed before returning. For tests only: one-day validity, no passphrase. The server certificate
 * names 127.0.0.1 as an IP subjectAltName, which is what Node checks for an IP address URL.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'test-certs-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...ecKey, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '1', '-subj', '/CN=pipeline test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-new', ...ecKey, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1');
    writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', at('server.ext'), '-out', at('server.pem'));
    openssl('req', '-new', ...ecKey, '-keyout', at('client.key'), '-out', at('client.csr'), '-subj', '/CN=pipeline-test-client');
    writeFileSync(at('client.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
    openssl('x509', '-req', '-in', at('client.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', at('client.ext'), '-out', at('client.pem'));
    const text = (name: string) => readFileSync(at(name), 'utf8');
    return { ca: text('ca.pem'), cert: text('server.pem'), key: text('server.key'), clientCert: text('client.pem'), clientKey: text('client.key') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
