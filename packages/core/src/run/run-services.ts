import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ServiceHandle, ServiceOptions } from '@pipeline/sdk';
import { StageFailedError } from '@pipeline/errors';

// node:child_process (with net, dgram and their helpers) and node:readline load when a service starts:
// a run that starts no process, such as a fully cached re-run, does not pay for them (~4 ms,
// PERFORMANCE.md).

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  label: string;
}

const killGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
};

/**
 * The services of one run: long-lived processes a stage starts for later stages (a model server).
 * Each runs in its own process group, so stopping it stops everything it spawned; `stopAll` runs when
 * the run ends however it ends, and a hook kills them if this process dies first. Nothing is left
 * listening.
 */
export class RunServices {
  private readonly running = new Set<Running>();
  private removeExitHook: (() => void) | undefined;

  constructor(
    private readonly env: Record<string, string>,
    private readonly graceMs: number,
    /** The run's process-group registry: its guardian stops a service too when the CLI dies by kill -9. */
    private readonly groups?: { started(pgid: number): void; ended(pgid: number): void },
  ) {}

  async start(file: string, args: readonly string[], options: ServiceOptions, hooks: { onLine: (line: string, stream: 'stdout' | 'stderr') => void; signal: AbortSignal }): Promise<ServiceHandle> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const require = createRequire(import.meta.url);
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const { createInterface } = require('node:readline') as typeof import('node:readline');
    const child = spawn(file, [...args], { cwd: options.cwd, env: { ...this.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const label = [file, ...args].join(' ');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const entry = { child, exited, label };
    const pid = child.pid;
    if (pid !== undefined && this.groups) {
      this.groups.started(pid);
      // After stop() has killed what was left of the group.
      void exited.then(() => this.groups?.ended(pid));
    }
    this.running.add(entry);
    void exited.then(() => this.running.delete(entry));
    // Loaded here, not at import: a run without services should not pay for it (cold start).
    const { onExit } = await import('signal-exit');
    this.removeExitHook ??= onExit(() => {
      for (const r of this.running) if (r.child.pid !== undefined) killGroup(r.child.pid, 'SIGKILL');
    });
    let found: ((value: string) => void) | undefined;
    const readyValue = new Promise<string>((resolve) => {
      found = resolve;
    });
    for (const [stream, source] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
      if (!source) continue;
      createInterface({ input: source }).on('line', (line) => {
        hooks.onLine(line, stream);
        const value = options.ready(line);
        if (value !== undefined) found?.(value);
      });
    }
    const deadline = Date.now() + timeoutMs;
    const fail = async (why: string): Promise<never> => {
      await this.stop(entry);
      throw new StageFailedError('E_SERVICE_START', `service ${label}: ${why}`, { hint: 'see the stage log for its output' });
    };
    const spawnError = new Promise<string>((resolve) => child.once('error', (e) => resolve(`could not start (${e.message})`)));
    const early = exited.then(() => `exited with ${child.exitCode ?? child.signalCode} before it was ready`);
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(`not ready within ${timeoutMs} ms`), timeoutMs).unref());
    const aborted = new Promise<string>((resolve) => hooks.signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
    const first = await Promise.race([readyValue.then((value) => ({ value })), spawnError, early, timeout, aborted]);
    if (typeof first === 'string') return fail(first);
    if (options.healthUrl) {
      const url = options.healthUrl(first.value);
      for (;;) {
        const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok).catch(() => false);
        if (ok) break;
        if (Date.now() > deadline || child.exitCode !== null || hooks.signal.aborted) return fail(`health check ${url} did not pass within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { value: first.value, pid: child.pid as number };
  }

  /** SIGTERM to the service's process group, SIGKILL after the grace period; waits until it has exited. */
  private async stop(entry: Running): Promise<void> {
    const pid = entry.child.pid;
    if (pid === undefined || entry.child.exitCode !== null || entry.child.signalCode !== null) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), this.graceMs);
    await entry.exited;
    clearTimeout(timer);
    // Whatever the service spawned is in its group: make sure none of it stays.
    killGroup(pid, 'SIGKILL');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((r) => this.stop(r)));
    this.removeExitHook?.();
    this.removeExitHook = undefined;
  }
}
