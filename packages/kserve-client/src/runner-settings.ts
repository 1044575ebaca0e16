import type { TlsOptions } from './http.js';

/**
 * What `runner: triton` needs, from a stage's `server:` param: the server's URL and, for a model the server
 * already serves, its name. Without `model`, the stage's model file is sent to the server with a load
 * request (config + base64 `file:` contents, explicit model-control mode) and unloaded afterwards.
 */
export interface KServeRunnerSettings {
  url: string;
  model?: string | undefined;
  version?: string | undefined;
  headers?: Record<string, string> | undefined;
  bearer_token?: string | undefined;
  timeout_ms?: number | undefined;
  /**
   * The connection's TLS as PEM text, read from `server.tls`'s files by the stage before the runner opens
   * (builtin-runners' `serverRunnerSettings`). Held in memory only: a runner's `info` never carries it.
   */
  tls?: TlsOptions | undefined;
}
