import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import path from 'node:path';
import { FrameReader } from './frame-reader.js';
import { decodeFrame, encodeFrame, type Frame, FrameKind } from './instance-frames.js';
import { INSTANCE_FD, type InstanceSettings } from './instance-protocol.js';

/**
 * Where the built instance script is. Run from source (tests use the `source` condition) node cannot load
 * TypeScript, and inside the CLI's bundle this module is a chunk with no script beside it; in both cases the
 * package's own dist/ copy, found through node_modules, is the one to start.
 */
function hostPath(): string {
  const here = import.meta.url;
  if (here.endsWith('/serve/dist/instance-process.js')) return new URL('./session-host.js', here).pathname;
  const manifest = createRequire(here).resolve('@pipeline/serve/package.json');
  return path.join(path.dirname(manifest), 'dist', 'session-host.js');
}

/** Every instance process alive, killed when this process exits however it exits (no orphans). */
const living = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  living.add(child);
  child.once('exit', () => living.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' also runs on process.exit() and after an uncaught exception. A parent killed outright (SIGKILL)
  // runs nothing: its instances then read the end of their pipe and exit by themselves.
  process.once('exit', () => {
    for (const each of living) each.kill('SIGKILL');
  });
}

/** One model-instance process and its frame pipe. */
export class InstanceProcess {
  private readonly child: ChildProcess;
  private readonly pipe: Socket;
  private exitInfo: string | undefined;

  constructor(settings: InstanceSettings, onFrame: (frame: Frame) => void, onExit: (how: string) => void) {
    // No inherited execArgv or stdin: a parent run under a test runner's `--conditions=source` would send
    // the instance's imports to TypeScript sources it cannot load.
    this.child = spawn(process.execPath, [hostPath(), JSON.stringify(settings)], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
    track(this.child);
    this.pipe = this.child.stdio[INSTANCE_FD] as Socket;
    const reader = new FrameReader((bytes) => onFrame(decodeFrame(bytes)));
    this.pipe.on('data', (chunk: Buffer) => reader.push(chunk));
    this.pipe.on('error', () => {});
    const exit = (how: string) => {
      if (this.exitInfo !== undefined) return;
      this.exitInfo = how;
      onExit(how);
    };
    this.child.once('exit', (code, signal) => exit(signal === null ? `code ${code}` : `signal ${signal}`));
    this.child.once('error', (error) => exit(`it could not start: ${error.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  send(parts: Uint8Array[]): void {
    this.pipe.cork();
    for (const part of parts) this.pipe.write(part);
    this.pipe.uncork();
  }

  /** Asks the process to release its session and exit; one still alive after `graceMs` is killed. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send(encodeFrame(FrameKind.Close, 0));
    this.pipe.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
