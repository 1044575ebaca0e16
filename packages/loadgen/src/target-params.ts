// The `with:` params a stage that targets a server shares (deploy/triton, benchmark/server): its URL
// and, later in this file, its TLS settings. A light entry (`@pipeline/loadgen/target-params`): zod and
// kserve-client's URL rules only, so a stage's params schema checks them at `pipeline check`.
import { serverUrlProblem } from '@pipeline/kserve-client/server-url';
import { z } from 'zod';

/**
 * `url:` of a server: absolute http(s), optionally with a path prefix (an ingress or reverse proxy's route
 * to Triton, kept on every request); no query string, fragment or credentials. `describe` says what it is for the stage.
 */
export function serverUrlParam(describe: string) {
  return z
    .url()
    .superRefine((url, ctx) => {
      const problem = serverUrlProblem(url);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(describe);
}
