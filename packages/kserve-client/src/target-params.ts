// The `with:` params a stage that targets a server shares (deploy/triton, benchmark/server, and the
// `server:` of `runner: triton` in validate and benchmark): its URL and, later in this file, its TLS
// settings. A light entry (`@pipeline/kserve-client/target-params`): zod and the URL rules only, so a
// stage's params schema checks them at `pipeline check`.
import { z } from 'zod';
import { serverUrlProblem } from './server-url.js';

/**
 * `url:` of a server: absolute http(s), optionally with a path prefix (an ingress or reverse proxy's route
 * to Triton, kept on every request); no query string, fragment or credentials. `describe` says what it is for the stage.
 */
export function serverUrlParam(describe: string) {
  return z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .superRefine((url, ctx) => {
      // Another scheme is z.url's issue already; this adds what an http(s) URL may not carry.
      if (!/^https?:\/\//i.test(url)) return;
      const problem = serverUrlProblem(url);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(describe);
}

/**
 * `tls:` of a server's https URL. PEM comes as files — what CI keeps a secret as (a file-type secret, or a
 * path written by a step) — read when the stage runs, relative to the directory `pipeline run` runs in (as
 * every path param is); the CA may also be PEM text (`ca`). A private key is only ever a path: its
 * contents never appear in the pipeline file, the run record, a log or a re-run command.
 */
export const tlsParamsSchema = z
  .object({
    ca: z.string().optional().describe('PEM text of the CA(s) that signed the server’s certificate, trusted instead of the system’s (or ca_file).'),
    ca_file: z.string().optional().describe('The CA(s) as a PEM file path, instead of `ca`.'),
    cert_file: z.string().optional().describe('Client certificate (PEM file), for a server or gateway that requires mutual TLS; needs key_file.'),
    key_file: z.string().optional().describe('The client certificate’s private key (PEM file, not encrypted); needs cert_file. Its contents are never logged or stored.'),
    servername: z.string().min(1).optional().describe('The host name the server’s certificate must carry (sent as SNI too), when the URL holds an IP address or an internal name.'),
    reject_unauthorized: z.boolean().default(true).describe('false accepts any server certificate (a local test server only: the traffic can be read and changed on the way).'),
  })
  .strict()
  .superRefine((tls, ctx) => {
    if (tls.ca !== undefined && tls.ca_file !== undefined) ctx.addIssue({ code: 'custom', path: ['ca_file'], message: 'give the CA as tls.ca (PEM text) or tls.ca_file (a path), not both' });
    if (tls.key_file !== undefined && tls.cert_file === undefined) ctx.addIssue({ code: 'custom', path: ['key_file'], message: 'tls.key_file needs tls.cert_file: the client certificate the key belongs to' });
    if (tls.cert_file !== undefined && tls.key_file === undefined) ctx.addIssue({ code: 'custom', path: ['cert_file'], message: 'tls.cert_file needs tls.key_file: the private key of the client certificate' });
  });

/** `tls:` as a stage's params hold it after parsing. */
export type TlsParams = z.output<typeof tlsParamsSchema>;
