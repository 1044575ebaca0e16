import { InvalidInputError, StageFailedError } from '@pipeline/errors';

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

export type KServeErrorCode = (typeof KSERVE_ERROR_CODES)[keyof typeof KSERVE_ERROR_CODES];

/**
 * A call to a KServe v2 server failed. `status` is the HTTP status when the server answered; `serverMessage`
 * is the `error` field of its v2 error JSON. Unreachable, timed-out and 503 failures are transient.
 */
export class KServeError extends StageFailedError {
  override name = 'KServeError';
  readonly status: number | undefined;
  readonly url: string;
  readonly serverMessage: string | undefined;
  constructor(
    code: KServeErrorCode,
    message: string,
    details: { url: string; status?: number; serverMessage?: string; hint?: string; cause?: unknown; transient?: boolean },
  ) {
    const options: { hint?: string; cause?: unknown; transient?: boolean } = {};
    if (details.hint !== undefined) options.hint = details.hint;
    if (details.cause !== undefined) options.cause = details.cause;
    if (details.transient !== undefined) options.transient = details.transient;
    super(code, message, options);
    this.url = details.url;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
  }
}

/**
 * A v2 request or response body that does not follow the protocol. The server answers it with 400; the
 * client wraps it as E_KSERVE_PROTOCOL.
 */
export function malformed(message: string): InvalidInputError {
  return new InvalidInputError('E_KSERVE_MALFORMED', message);
}

/** Whether an error is a protocol mistake found by the body codec (`malformed`). */
export function isKServeMalformed(error: unknown): error is InvalidInputError {
  return error instanceof InvalidInputError && (error.code === 'E_KSERVE_MALFORMED' || error.code === 'E_KSERVE_JSON');
}
