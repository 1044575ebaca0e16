import { UsageError } from '@pipeline/errors';
import { defineRunnerEntry, type RunnerTarget } from '@pipeline/runner';

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

function settingsOf(target: RunnerTarget): KServeRunnerSettings {
  const settings = (target.settings ?? {}) as Partial<KServeRunnerSettings>;
  if (typeof settings.url !== 'string' || settings.url === '') {
    throw new UsageError('E_TRITON_RUNNER_URL', 'runner: triton needs the server to talk to', {
      hint: 'add `server: { url: http://127.0.0.1:8000 }` to the stage (and `model:` for a model the server already serves)',
    });
  }
  return settings as KServeRunnerSettings;
}

/**
 * A KServe v2 server (Triton, or `pipeline serve`) as an entry of the runner registry (`runner: triton`).
 * The HTTP client is imported only when a runner is opened, so listing the runners stays cheap.
 */
export const kserveRunner = defineRunnerEntry({
  name: 'triton',
  describe: 'a model on a KServe v2 / Triton HTTP server (Triton, or `pipeline serve`)',
  open: async (target, options) => {
    const settings = settingsOf(target);
    const { openServedRunner } = await import('./served-runner.js');
    return openServedRunner(target, settings, options?.signal);
  },
});
