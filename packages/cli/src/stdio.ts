/** What `guardPipe` needs of a stream: Node's `process.stdout` and `process.stderr` fit. */
export interface WritableStdio {
  write(text: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * A stream for the CLI's output that goes quiet when its reader has gone (`pipeline cache ls | head -1`):
 * the EPIPE that Node reports as an `error` event — uncaught, a stack — is taken as "nobody is
 * listening", and later writes are dropped. The command still finishes (a run still records its result)
 * and exits with its own code; any other write error stays fatal.
 */
export function guardPipe(stream: WritableStdio): { write(text: string): void; readonly isTTY?: boolean; readonly columns?: number } {
  let closed = false;
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    write(text) {
      if (!closed) stream.write(text);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns ?? 0;
    },
  };
}
