/**
 * The stable codes of @pipeline/kserve-client's errors. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
/** Why a call to a v2 server failed. Each is also the error's `code`. */
export const KSERVE_ERROR_CODES = {
  /** Nothing answered at the address (refused, reset, DNS). Transient. */
  unreachable: 'E_KSERVE_UNREACHABLE',
  /** The call took longer than its timeout. Transient. */
  timeout: 'E_KSERVE_TIMEOUT',
  /** The TLS handshake failed (unknown CA, wrong host name, bad client certificate). */
  tls: 'E_KSERVE_TLS',
  /** 401/403: credentials missing or refused. */
  auth: 'E_KSERVE_AUTH',
  /** 400: the server refused the request (unknown input, wrong shape or dtype, model not ready). */
  badRequest: 'E_KSERVE_BAD_REQUEST',
  /** 404: no such model, version or route. */
  notFound: 'E_KSERVE_NOT_FOUND',
  /** 503 on repository load/unload: the server polls its repository, so models cannot be loaded by request. */
  pollMode: 'E_KSERVE_POLL_MODE',
  /** 503 otherwise: not ready, shutting down. Transient. */
  unavailable: 'E_KSERVE_UNAVAILABLE',
  /** Any other non-2xx status. */
  server: 'E_KSERVE_SERVER',
  /** The answer does not follow the protocol (bad JSON, a binary part that does not add up). */
  protocol: 'E_KSERVE_PROTOCOL',
} as const;


export const KServeCode = {
  /** A tensor of a KServe datatype with no tensor type here. */
  Datatype: 'E_KSERVE_DATATYPE',
  /** A JSON body that is not what the v2 protocol says. */
  Json: 'E_KSERVE_JSON',
  /** A response part that does not add up (sizes, binary parts, metrics text). */
  Malformed: 'E_KSERVE_MALFORMED',
  /** A server URL that is not absolute http(s), or carries a query string, a fragment or credentials. */
  Url: 'E_KSERVE_URL',
  /** `runner: triton` without `server: { url }`. */
  TritonRunnerUrl: 'E_TRITON_RUNNER_URL',
  /** A `tls:` setting that cannot be used: a file that cannot be read, is not PEM of its kind, or a key that is not the certificate's. */
  TlsSettings: 'E_TLS_SETTINGS',
} as const;

export type KServeCode = (typeof KServeCode)[keyof typeof KServeCode];
