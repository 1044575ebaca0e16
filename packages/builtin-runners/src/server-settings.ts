import type { KServeRunnerSettings } from '@pipeline/kserve-client';
import { kserveTlsOptions, type ReadText, readTlsSettings, tlsVerificationWarning } from '@pipeline/kserve-client/tls-settings';
import type { ServerParams } from './server-params.js';

/** What a stage gives `serverRunnerSettings`: its `readText` (paths relative to where `pipeline run` runs) and its log's warn. */
export interface ServerSettingsIo {
  readText: ReadText;
  warn(line: string): void;
}

/**
 * A stage's `server:` param → the settings `runner: triton` opens with. The `tls:` files are read and
 * checked here, once, before any connection (`E_TLS_SETTINGS`, exit 2, naming `server.tls.<field>`), and
 * travel on as PEM text in memory only; `reject_unauthorized: false` on https is warned about as
 * deploy/triton warns.
 */
export async function serverRunnerSettings(server: ServerParams, io: ServerSettingsIo): Promise<KServeRunnerSettings> {
  const { tls, ...settings } = server;
  const unverified = tlsVerificationWarning(server.url, tls, 'server.tls');
  if (unverified !== undefined) io.warn(unverified);
  const loaded = await readTlsSettings(tls, io.readText, 'server.tls');
  return loaded === undefined ? settings : { ...settings, tls: kserveTlsOptions(loaded) };
}
