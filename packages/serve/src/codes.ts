/**
 * The stable codes of `pipeline serve`'s server. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ServeCode = {
  /** No idle model instance for a request. */
  Busy: 'E_SERVE_BUSY',
  /** The host to listen on is not an address of this machine. */
  Host: 'E_SERVE_HOST',
  /** The port needs privileges this process lacks. */
  PortDenied: 'E_SERVE_PORT_DENIED',
  /** The port is already in use. */
  PortInUse: 'E_SERVE_PORT_IN_USE',
  /** A model instance failed to run a request. */
  Run: 'E_SERVE_RUN',
  /** The process of a model instance died (the name is older than the processes: it was a worker thread). */
  Worker: 'E_SERVE_WORKER',
} as const;

export type ServeCode = (typeof ServeCode)[keyof typeof ServeCode];
