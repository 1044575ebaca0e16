import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PerfAnalyzerHttps } from './https-flags.js';

/** A load's `tls:` params, as the built-in load generator takes them (benchmark/server, deploy/triton). */
export interface LoadTls {
  /** PEM text of the CA(s) to trust instead of the system's. */
  ca?: string | undefined;
  reject_unauthorized?: boolean | undefined;
}

/** The name of the CA file written into the scratch folder (a re-run command names it so). */
export const PERF_ANALYZER_CA_FILE = 'perf_analyzer-ca.pem';

/**
 * perf_analyzer's HTTPS settings for a load's URL and `tls:`; none for an http URL, where perf_analyzer
 * ignores them. Verification is spelled out (1 and 2, its defaults) so the command line says what was
 * checked; `reject_unauthorized: false` is 0 and 0, no chain and no name check, as Node's
 * `rejectUnauthorized: false` skips both. perf_analyzer takes the CA only as a file (it refuses a path
 * that is not one), so the PEM text is written into `scratchDir`.
 */
export async function perfAnalyzerHttpsFor(url: string, tls: LoadTls | undefined, scratchDir: string): Promise<PerfAnalyzerHttps | undefined> {
  if (new URL(url).protocol !== 'https:') return undefined;
  const verify = tls?.reject_unauthorized !== false;
  const https: PerfAnalyzerHttps = { verifyPeer: verify ? 1 : 0, verifyHost: verify ? 2 : 0 };
  if (tls?.ca !== undefined) {
    https.caCertificatesFile = path.join(scratchDir, PERF_ANALYZER_CA_FILE);
    await writeFile(https.caCertificatesFile, tls.ca);
  }
  return https;
}
