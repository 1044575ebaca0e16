import { createPrivateKey, X509Certificate } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '@pipeline/errors';
import { KServeCode } from './codes.js';
import type { TlsOptions } from './http.js';
import type { TlsParams } from './target-params.js';

/**
 * The TLS settings a connection to the server uses, PEM as text: what the load generator's connections,
 * its stats probe and the KServe client all take. The key's text lives only in memory (and the load
 * generator's IPC message); nothing here logs or stores it.
 */
export interface LoadTls {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
  reject_unauthorized?: boolean;
}

/** Reads a file's text (a stage's `ctx.readText`), injected so the library touches no file it was not given. */
export type ReadText = (file: string) => Promise<string>;

async function readPem(field: string, file: string, read: ReadText, where: string): Promise<string> {
  try {
    return await read(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    const hint = path.isAbsolute(file)
      ? 'check the path (a CI secret file must be written before the run, and readable by it)'
      : `a relative path is read from the directory pipeline run runs in (here ${path.resolve(file)}); give an absolute path, e.g. from an env expression`;
    throw new UsageError(KServeCode.TlsSettings, `${where}.${field}: cannot read ${file} (${reason})`, { hint });
  }
}

/**
 * `tls:` params → the settings, with the files read (`ca_file`, `cert_file`, `key_file`) and checked before
 * any connection: each must be PEM of its kind, and the key must be the certificate's. Each problem is a
 * UsageError naming its field, under `where` (the setting's place in the stage's params: `tls`, or
 * `server.tls`); no message carries a key's contents.
 */
export async function readTlsSettings(tls: TlsParams | undefined, read: ReadText, where = 'tls'): Promise<LoadTls | undefined> {
  if (tls === undefined) return undefined;
  const settings: LoadTls = { reject_unauthorized: tls.reject_unauthorized };
  const refuse = (field: string, message: string, hint: string) => new UsageError(KServeCode.TlsSettings, `${where}.${field}: ${message}`, { hint });
  const ca = tls.ca_file !== undefined ? await readPem('ca_file', tls.ca_file, read, where) : tls.ca;
  if (ca !== undefined && ca !== '') {
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw refuse(tls.ca_file !== undefined ? 'ca_file' : 'ca', 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)', 'give the CA certificate(s) in PEM form');
    settings.ca = ca;
  }
  if (tls.cert_file !== undefined && tls.key_file !== undefined) {
    const certText = await readPem('cert_file', tls.cert_file, read, where);
    const keyText = await readPem('key_file', tls.key_file, read, where);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certText);
    } catch {
      throw refuse('cert_file', `${tls.cert_file} is not a PEM certificate`, 'give the client certificate in PEM form (-----BEGIN CERTIFICATE-----); convert DER with openssl x509 -inform der');
    }
    if (keyText.includes('ENCRYPTED')) throw refuse('key_file', `${tls.key_file} is an encrypted private key`, 'give the key without a passphrase (openssl pkey -in key.pem -out plain.pem), kept as a CI secret file');
    let key: ReturnType<typeof createPrivateKey>;
    try {
      key = createPrivateKey(keyText);
    } catch {
      throw refuse('key_file', `${tls.key_file} is not a PEM private key`, 'give the client certificate’s private key in PEM form (-----BEGIN PRIVATE KEY-----)');
    }
    if (!cert.checkPrivateKey(key)) throw refuse('key_file', `${tls.key_file} is not the private key of the certificate in ${tls.cert_file}`, 'give the key the client certificate was made for');
    settings.cert = certText;
    settings.key = keyText;
  }
  if (tls.servername !== undefined) settings.servername = tls.servername;
  return settings;
}

/** The settings as kserve-client's `tls` option. */
export function kserveTlsOptions(tls: LoadTls): TlsOptions {
  const options: TlsOptions = {};
  if (tls.ca !== undefined) options.ca = tls.ca;
  if (tls.cert !== undefined) options.cert = tls.cert;
  if (tls.key !== undefined) options.key = tls.key;
  if (tls.servername !== undefined) options.servername = tls.servername;
  if (tls.reject_unauthorized !== undefined) options.rejectUnauthorized = tls.reject_unauthorized;
  return options;
}

/**
 * The warning a stage logs when `reject_unauthorized: false` turns verification off for an https URL
 * (undefined when it does not): one text for every stage that talks to a server. `field` is where the
 * setting sits in the stage's params (`tls`, `server.tls`).
 */
export function tlsVerificationWarning(url: string, tls: Pick<TlsParams, 'reject_unauthorized'> | undefined, field = 'tls'): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || tls?.reject_unauthorized !== false) return undefined;
  return `${field}.reject_unauthorized is false: the certificate of ${parsed.host} is NOT verified (anyone on the way can read and change the traffic)`;
}
