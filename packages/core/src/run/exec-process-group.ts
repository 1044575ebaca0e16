import type { ChildProcess } from 'node:child_process';
import type { onExit } from 'signal-exit';

/**
 * On POSIX a child spawned `detached` leads a new process group that its children inherit, so one
 * signal to the group reaches the whole tree. On Windows `detached` would open a console window instead,
 * and only the child itself can be signalled.
 */
export const leadsOwnProcessGroup = process.platform !== 'win32';

/** Signals the group led by `pid` (or `pid` alone where it leads none). A group already gone is not an error. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(leadsOwnProcessGroup ? -pid : pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    try {
      process.kill(pid, signal);
    } catch {
      // Gone between the two calls.
    }
  }
}

export interface ProcessGroupGuard {
  /** SIGTERM to the whole tree now, SIGKILL after the grace period (once, however often it is called). */
  terminate(): void;
  /** Stops the timers and the exit hook, once the subprocess is done with. */
  release(): void;
}

export interface ProcessGroupOptions {
  /** Between SIGTERM and SIGKILL. */
  graceMs: number;
  /** How long the pipes may stay open after the leader exited (held by a process that left the group). */
  drainMs: number;
  /** signal-exit's hook, handed in so that it loads lazily along with execa. */
  onExit: typeof onExit;
  /** Told when the group starts and when it is done with (the run's guardian and record). */
  registry?: { started(pgid: number): void; ended(pgid: number): void };
}

/**
 * Makes sure no process of a subprocess's tree outlives it: `terminate` on timeout or cancellation; when
 * the leader exits, SIGKILL to what is left of its group (a daemon or backgrounded helper would otherwise
 * hold the pipes open and outlive the stage); SIGKILL too if this process exits first. execa's own
 * `cleanup` does that last job only for children that are not detached, and only for the child itself.
 */
export function guardProcessGroup(subprocess: ChildProcess, options: ProcessGroupOptions): ProcessGroupGuard {
  const pid = subprocess.pid;
  if (pid === undefined) return { terminate() {}, release() {} }; // never started: nothing to kill
  let killTimer: NodeJS.Timeout | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  if (leadsOwnProcessGroup) options.registry?.started(pid);
  // At exit there is no grace period left to give: a tree that survived a SIGTERM would be orphaned for good.
  const removeExitHook = options.onExit(() => signalProcessGroup(pid, 'SIGKILL'));
  subprocess.once('exit', () => {
    signalProcessGroup(pid, 'SIGKILL');
    // A process that escaped the group (setsid) may still hold the pipes: stop waiting for them.
    drainTimer = setTimeout(() => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    }, options.drainMs);
  });
  return {
    terminate() {
      signalProcessGroup(pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalProcessGroup(pid, 'SIGKILL'), options.graceMs);
    },
    release() {
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      removeExitHook();
      if (leadsOwnProcessGroup) options.registry?.ended(pid);
    },
  };
}
