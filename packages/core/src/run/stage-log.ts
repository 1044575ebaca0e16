import { createWriteStream, type WriteStream } from 'node:fs';
import type { LogLevel } from './run-events.js';

/**
 * A stage's log file (`runs/<id>/logs/<stage>.log`): every line timestamped and masked, its own
 * `log.*` calls and its subprocesses' output interleaved as they arrived.
 */
export class StageLogFile {
  private readonly stream: WriteStream;
  private lastLine = '';

  constructor(
    readonly path: string,
    private readonly mask: (text: string) => string,
    private readonly clock: () => number,
    private readonly onLine: (line: string, level: LogLevel) => void,
  ) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  write(level: LogLevel | 'stdout' | 'stderr', text: string): void {
    const masked = this.mask(text);
    const stamp = new Date(this.clock()).toISOString();
    for (const line of masked.split('\n')) {
      this.stream.write(`${stamp} ${level.padEnd(6)} ${line}\n`);
      this.lastLine = line;
      this.onLine(line, level === 'stdout' ? 'info' : level === 'stderr' ? 'warn' : level);
    }
  }

  /** The latest line written (the UI shows it beside the stage). */
  get latest(): string {
    return this.lastLine;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
