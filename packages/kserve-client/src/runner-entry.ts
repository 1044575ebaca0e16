import { UsageError } from '@pipeline/errors';
import { defineRunnerEntry, type RunnerTarget } from '@pipeline/runner';
import type { KServeRunnerSettings } from './runner-settings.js';

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
