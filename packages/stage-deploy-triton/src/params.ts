import { serverUrlParam, tlsParamsSchema } from '@pipeline/kserve-client/target-params';
import { z } from 'zod';

const positiveInt = z.number().int().positive();

export const deployTritonParamsSchema = z.object({
  url: serverUrlParam('The Triton (or pipeline serve) HTTP endpoint, e.g. http://127.0.0.1:8000, or https://gateway/triton behind a route (the path prefix is kept); default the `server` input’s. Every request goes only here.').optional(),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers (auth): name the secret in `secrets:` and read it with an env expression.'),
  tls: tlsParamsSchema.optional().describe('For https:// URLs: the CA to trust (ca PEM text, or ca_file), a client certificate for mutual TLS (cert_file and key_file), the name the server’s certificate must carry (servername), whether to verify it. Paths are read from the directory pipeline run runs in.'),
  mode: z.enum(['load-api', 'repository']).default('load-api').describe('load-api: config and files go in the load request (Triton --model-control-mode=explicit); repository: files are written into `repository_path` (the server’s model repository, local or mounted) and the model is loaded.'),
  repository_path: z.string().optional().describe('The server’s model repository folder, for mode: repository.'),
  entry: z.string().optional().describe('The model clients call; default the repository’s entry (its ensemble, else its one model).'),
  ready_timeout_ms: positiveInt.default(60_000).describe('How long the new version may take to become ready.'),
  request_timeout_ms: positiveInt.default(10_000).describe('Every request to the server ends after this long (a timeout is an infrastructure error).'),
  smoke: z
    .object({
      dims: z.record(z.string(), positiveInt).default({}).describe('Sizes of dynamic dims for the smoke inputs, by name (`<input>:<axis>` for the server’s unnamed dims).'),
      seed: z.number().int().default(1),
      atol: z.number().nonnegative().default(1e-4).describe('An element fails only when |served − reference| > atol and > rtol·|reference| (Polygraphy’s rule).'),
      rtol: z.number().nonnegative().default(1e-3),
    })
    .prefault({})
    .describe('One inference on the new version, compared with the `reference` model run by ONNX Runtime here.'),
  load: z
    .union([
      z.literal(false),
      z.object({
        concurrency: z.string().default('1:4:x2').describe('Concurrency range (start:end:step or start:end:xF).'),
        window_ms: positiveInt.default(1000),
        max_windows: z.number().int().min(3).default(6),
        stability_pct: z.number().positive().default(25),
        backend: z
          .enum(['loadgen', 'perf_analyzer', 'auto'])
          .default('loadgen')
          .describe('Who makes the load: loadgen (built in), perf_analyzer (Triton’s tool, on PATH or at perf_analyzer_path), or auto (perf_analyzer when found and able).'),
        perf_analyzer_path: z.string().optional().describe('The perf_analyzer executable, when it is not on PATH.'),
      }),
    ])
    .prefault({})
    .describe('The load test on the new version (false: none).'),
  gates: z
    .object({
      max_p99_ms: z.number().positive().optional().describe('Fail (and roll back) when the best load’s p99 is above this (ms).'),
      min_throughput: z.number().positive().optional().describe('Fail (and roll back) when the best load’s inferences/s is below this.'),
      max_error_rate: z.number().min(0).max(1).default(0).describe('Fail (and roll back) when failed / all requests of the load test is above this.'),
    })
    .prefault({}),
});
export type DeployTritonParams = z.output<typeof deployTritonParamsSchema>;
