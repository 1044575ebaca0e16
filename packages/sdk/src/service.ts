/** How `ctx.startService` knows a long-lived process is up. */
export interface ServiceOptions {
  cwd?: string;
  /** Added to the pipeline's environment. */
  env?: Record<string, string>;
  /**
   * Reads the service's output lines (stdout and stderr) until it returns a value — typically the URL
   * the service printed once listening. That value is the handle's `value`.
   */
  ready: (line: string) => string | undefined;
  /** Then polled (GET) until it answers 2xx: the health check consumers wait for. */
  healthUrl?: (value: string) => string;
  /** Whole start-up bound, ready line and health check together (default 30 s). */
  timeoutMs?: number;
}

/** A running service: it lives until the run ends (success, failure, timeout or Ctrl-C), then is stopped. */
export interface ServiceHandle {
  /** What `ready` returned (e.g. the URL). */
  value: string;
  pid: number;
}

/** Starts a process that outlives the stage's `run`: the runner health-checks it and tears it down when the run ends. */
export type StartService = (file: string, args: readonly string[], options: ServiceOptions) => Promise<ServiceHandle>;
