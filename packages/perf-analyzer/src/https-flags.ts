// perf_analyzer's HTTPS settings (docs/cli.md "Server Options"; test/fixtures/reference/triton.md, Flags,
// HTTPS). Kept apart from the code that writes files, so the light `locate` entry can name what maps.

/** perf_analyzer's HTTPS settings in its own terms, each one `--ssl-https-*` flag; unset means its default. */
export interface PerfAnalyzerHttps {
  /** `--ssl-https-verify-peer`: 1 checks the certificate chain against the CA bundle (the default), 0 does not. */
  verifyPeer?: 0 | 1;
  /** `--ssl-https-verify-host`: 2 the certificate must name the URL's host (the default), 0 any name passes. */
  verifyHost?: 0 | 1 | 2;
  /** `--ssl-https-ca-certificates-file`: the CA bundle (PEM), instead of the system's. Must exist. */
  caCertificatesFile?: string;
  /** `--ssl-https-client-certificate-file`: a client certificate, for a server that asks for one. Must exist. */
  clientCertificateFile?: string;
  clientCertificateType?: 'PEM' | 'DER';
  /** `--ssl-https-private-key-file`: the client certificate's private key. Must exist. */
  privateKeyFile?: string;
  privateKeyType?: 'PEM' | 'DER';
}

/** The `--ssl-https-*` words for the settings, in the order the docs list the flags. */
export function perfAnalyzerHttpsArgs(https: PerfAnalyzerHttps): string[] {
  const args: string[] = [];
  if (https.verifyPeer !== undefined) args.push('--ssl-https-verify-peer', String(https.verifyPeer));
  if (https.verifyHost !== undefined) args.push('--ssl-https-verify-host', String(https.verifyHost));
  if (https.caCertificatesFile !== undefined) args.push('--ssl-https-ca-certificates-file', https.caCertificatesFile);
  if (https.clientCertificateFile !== undefined) args.push('--ssl-https-client-certificate-file', https.clientCertificateFile);
  if (https.clientCertificateType !== undefined) args.push('--ssl-https-client-certificate-type', https.clientCertificateType);
  if (https.privateKeyFile !== undefined) args.push('--ssl-https-private-key-file', https.privateKeyFile);
  if (https.privateKeyType !== undefined) args.push('--ssl-https-private-key-type', https.privateKeyType);
  return args;
}

/**
 * The stages' `tls:` settings that perf_analyzer has a flag for, and which: the CA (`ca`, PEM text written
 * to a file, or `ca_file`), the client certificate and key (`cert_file`, `key_file`) and
 * `reject_unauthorized` (`--ssl-https-verify-peer` and `--ssl-https-verify-host`). `servername` has none:
 * perf_analyzer checks the certificate against the URL's host.
 */
export const TLS_SETTINGS_PERF_ANALYZER_TAKES: Readonly<Record<string, string>> = {
  ca: '--ssl-https-ca-certificates-file',
  ca_file: '--ssl-https-ca-certificates-file',
  cert_file: '--ssl-https-client-certificate-file',
  key_file: '--ssl-https-private-key-file',
  reject_unauthorized: '--ssl-https-verify-peer and --ssl-https-verify-host',
};
