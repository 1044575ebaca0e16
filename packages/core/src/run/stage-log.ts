import { appendFileSync, createWriteStream, type WriteStream } from 'node:fs';
import type { LogLevel } from './run-events.js';

/**
 * A stage's log file (`runs/<id>/logs/<stage>.log`): every line timestamped and masked, its own
 * `log.*` calls and its subprocesses' output interleaved as they arrived. Lines are kept in memory until
 * the stage starts running (`startStreaming()`): a cached or skipped stage writes its few lines in one go at
 * `close()`, instead of opening a stream a no-op re-run would wait on for every stage.
 */
export class StageLogFile {
  private output: WriteStream | undefined;
  private pending: string[] = [];
  private lastLine = '';

  constructor(
    readonly path: string,
    private readonly mask: (text: string) => string,
    private readonly clock: () => number,
    private readonly onLine: (line: string, level: LogLevel) => void,
  ) {
  }

  /** From now on lines go to the file as they come (someone may be following it). */
  startStreaming(): void {
    if (this.output) return;
    this.output = createWriteStream(this.path, { flags: 'a' });
    if (this.pending.length > 0) this.output.write(this.pending.join(''));
    this.pending = [];
  }

  write(level: LogLevel | 'stdout' | 'stderr', text: string): void {
    const masked = this.mask(text);
    const stamp = new Date(this.clock()).toISOString();
    for (const line of masked.split('\n')) {
      const text = `${stamp} ${level.padEnd(6)} ${line}\n`;
      if (this.output) this.output.write(text);
      else this.pending.push(text);
      this.lastLine = line;
      this.onLine(line, level === 'stdout' ? 'info' : level === 'stderr' ? 'warn' : level);
    }
  }

  /** The latest line written (the UI shows it beside the stage). */
  get latest(): string {
    return this.lastLine;
  }

  close(): Promise<void> {
    const stream = this.output;
    if (stream) return new Promise((resolve) => stream.end(resolve));
    appendFileSync(this.path, this.pending.join(''));
    this.pending = [];
    return Promise.resolve();
  }
}
