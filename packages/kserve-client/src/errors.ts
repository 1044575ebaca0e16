import { InvalidInputError, StageFailedError } from '@pipeline/errors';
import type { KSERVE_ERROR_CODES } from './codes.js';

export { KSERVE_ERROR_CODES } from './codes.js';

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
