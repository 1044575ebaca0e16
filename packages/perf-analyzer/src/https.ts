import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PerfAnalyzerHttps } from './https-flags.js';

/**
 * The part of a stage's `tls:` params perf_analyzer can take (kserve-client's `TlsParams`, restated here so
 * this library needs no client): PEM as files, the CA also as text.
 */
export interface PerfAnalyzerTlsParams {
  /** PEM text of the CA(s) to trust instead of the system's. */
  ca?: string | undefined;
  /** The CA(s) as a PEM file path. */
  ca_file?: string | undefined;
  /** The client certificate and its private key, PEM file paths (mutual TLS). */
  cert_file?: string | undefined;
  key_file?: string | undefined;
  reject_unauthorized?: boolean | undefined;
}

/** The name of the CA file written into the scratch folder (a re-run command names it so). */
export const PERF_ANALYZER_CA_FILE = 'perf_analyzer-ca.pem';

/**
 * perf_analyzer's HTTPS settings for a load's URL and `tls:`; none for an http URL, where perf_analyzer
 * ignores them. Verification is spelled out (1 and 2, its defaults) so the command line says what was
 * checked; `reject_unauthorized: false` is 0 and 0, no chain and no name check, as Node's
 * `rejectUnauthorized: false` skips both. perf_analyzer takes PEM only as files (it refuses a path that is
 * not one): the CA's PEM text is written into `scratchDir`; the files given are passed as absolute paths
 * (relative ones are read from the working directory, as the stages read them), typed PEM. A key is never
 * copied: perf_analyzer reads it where the user keeps it.
 */
export async function perfAnalyzerHttpsFor(url: string, tls: PerfAnalyzerTlsParams | undefined, scratchDir: string): Promise<PerfAnalyzerHttps | undefined> {
  if (new URL(url).protocol !== 'https:') return undefined;
  const verify = tls?.reject_unauthorized !== false;
  const https: PerfAnalyzerHttps = { verifyPeer: verify ? 1 : 0, verifyHost: verify ? 2 : 0 };
  if (tls?.ca_file !== undefined) https.caCertificatesFile = path.resolve(tls.ca_file);
  else if (tls?.ca !== undefined && tls.ca !== '') {
    https.caCertificatesFile = path.join(scratchDir, PERF_ANALYZER_CA_FILE);
    await writeFile(https.caCertificatesFile, tls.ca);
  }
  if (tls?.cert_file !== undefined) {
    https.clientCertificateFile = path.resolve(tls.cert_file);
    https.clientCertificateType = 'PEM';
  }
  if (tls?.key_file !== undefined) {
    https.privateKeyFile = path.resolve(tls.key_file);
    https.privateKeyType = 'PEM';
  }
  return https;
}
