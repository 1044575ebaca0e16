/**
 * What `runner: triton` needs, from a stage's `server:` param: the server's URL and, for a model the server
 * already serves, its name. Without `model`, the stage's model file is sent to the server with a load
 * request (config + base64 `file:` contents, explicit model-control mode) and unloaded afterwards.
 */
export interface KServeRunnerSettings {
  url: string;
  model?: string;
  version?: string;
  headers?: Record<string, string>;
  bearer_token?: string;
  timeout_ms?: number;
}
