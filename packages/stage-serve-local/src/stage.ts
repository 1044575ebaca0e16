import { kserveEndpointKind, tritonModelRepositoryKind } from '@pipeline/kinds';
import { defineStage, input, output } from '@pipeline/sdk';
import { z } from 'zod';

/**
 * The server's entry script, as Node resolves this package's `./main` export from here: next to the
 * built stage, also when the CLI is bundled (resolution goes through node_modules). Run from the
 * TypeScript sources (tests), it is the built file in dist/.
 */
function mainScript(): string {
  const resolved = import.meta.resolve('@pipeline/stage-serve-local/main');
  const url = new URL(resolved.endsWith('.ts') ? resolved.replace(/\/src\/main\.ts$/, '/dist/main.js') : resolved);
  return decodeURIComponent(url.pathname);
}

/**
 * `serve/local`: `pipeline serve` (the KServe v2 / Triton-protocol development server over ONNX Runtime)
 * on a model repository, as a service — health-checked (`/v2/health/ready`) before the stages after it
 * start, stopped when the run ends. Its output is the endpoint they call. Never cached: it is a process.
 */
export const serveLocalStage = defineStage({
  name: 'serve/local',
  version: 1,
  description: 'Starts pipeline serve on a model repository as a service for the later stages (loopback, free port).',
  inputs: { repository: input(tritonModelRepositoryKind, { description: 'The model repository to serve (package/triton’s output).' }) },
  params: z.object({ ready_timeout_ms: z.number().int().positive().default(60_000).describe('How long the server may take to load the models and answer ready.') }),
  outputs: { endpoint: output(kserveEndpointKind, { description: 'The server’s URL (endpoint.json).' }) },
  cacheable: false,
  async run({ inputs, params, startService, writeJson, log }) {
    const service = await startService(process.execPath, [mainScript(), inputs.repository.path], {
      ready: (line) => /^ready: serving (http\S+)$/.exec(line)?.[1],
      healthUrl: (url) => `${url}/v2/health/ready`,
      timeoutMs: params.ready_timeout_ms,
    });
    log.info(`pipeline serve is up at ${service.value} (pid ${service.pid}); it stops when the run ends`);
    const meta = { url: service.value, metrics_url: `${service.value}/metrics` };
    return { outputs: { endpoint: { path: await writeJson('endpoint.json', meta), meta } } };
  },
});
