import { dataSourceParamsSchema } from '@pipeline/data/params';
import { serverUrlParam, tlsParamsSchema } from '@pipeline/kserve-client/target-params';
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** `with:` of `benchmark/server`: perf_analyzer's knobs under the names the `benchmark` stage uses. */
export const serverBenchmarkParamsSchema = z.object({
  url: serverUrlParam('The server’s HTTP endpoint (KServe v2 / Triton), e.g. http://127.0.0.1:8000, or https://gateway/triton behind a route (the path prefix is kept); default the `server` input’s. Load goes only here.').optional(),
  model: z.string().min(1).describe('The model’s name on the server.'),
  version: z.string().optional().describe('A model version; default: the server’s choice.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers (auth): name the secret in `secrets:` and read it with an env expression.'),
  tls: tlsParamsSchema.optional().describe('For https:// URLs: the CA to trust (ca PEM text, or ca_file), a client certificate for mutual TLS (cert_file and key_file), the name the server’s certificate must carry (servername), whether to verify it. Paths are read from the directory pipeline run runs in.'),
  metrics_url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional().describe('Prometheus metrics (Triton: port 8002 /metrics) for GPU utilisation, power and memory.'),
  batch: positiveInt.default(1).describe('Samples per request (for a model whose server config batches).'),
  concurrency: z.string().optional().describe('Concurrency range start:end:step or start:end:xF (perf_analyzer’s --concurrency-range; 1:16:x2 doubles). Default 1 unless request_rate or slo is set.'),
  request_rate: z.string().optional().describe('Request-rate range (requests/s), instead of concurrency.'),
  distribution: z.enum(['constant', 'poisson']).default('constant').describe('Spacing of requests in request-rate mode.'),
  max_in_flight: positiveInt.default(256).describe('Request-rate mode: requests allowed in flight; past it the achieved rate falls below the asked one (reported).'),
  slo: z
    .object({ max_p99_ms: z.number().positive(), min: positiveInt.default(1), max: positiveInt.default(64) })
    .optional()
    .describe('Search the highest concurrency in [min, max] whose p99 stays under max_p99_ms (fewer measurements than a sweep); the best becomes the primary result.'),
  window: z
    .object({
      mode: z.enum(['time', 'count']).default('time').describe('perf_analyzer’s --measurement-mode (time_windows/count_windows).'),
      ms: positiveInt.default(1000).describe('A time window’s length (perf_analyzer -p, 5000 there).'),
      requests: positiveInt.default(50).describe('A count window’s requests (--measurement-request-count).'),
      stability_pct: z.number().positive().default(10).describe('Largest spread of the last 3 windows’ throughput and latency (-s).'),
      max_windows: z.number().int().min(3).default(10).describe('Give up (report unstable) after this many windows (-r).'),
      percentile: z.number().positive().max(100).optional().describe('Stabilise on this latency percentile instead of the average (--percentile).'),
    })
    .prefault({}),
  backend: z
    .enum(['loadgen', 'perf_analyzer', 'auto'])
    .default('loadgen')
    .describe('Who makes the load: loadgen (built in), perf_analyzer (Triton’s tool, on PATH or at perf_analyzer_path: its stdout and -f CSV become the report), or auto (perf_analyzer when found and able, else loadgen).'),
  perf_analyzer_path: z.string().optional().describe('The perf_analyzer executable, when it is not on PATH.'),
  timeout_ms: positiveInt.default(10_000).describe('A request with no complete answer after this long counts as a timeout.'),
  data: dataSourceParamsSchema.prefault({ random: {} }).describe('The request inputs, in the shared `data:` form (the `benchmark` stage’s); shapes come from `onnx` when given, else from the server’s metadata.'),
  gates: z
    .object({
      max_p99_ms: z.number().positive().optional().describe('Fail when the primary result’s p99 latency is above this (ms).'),
      min_throughput: z.number().positive().optional().describe('Fail when the primary result’s inferences/s is below this.'),
      max_error_rate: z.number().min(0).max(1).optional().describe('Fail when failed requests / all requests (every load) is above this.'),
    })
    .prefault({}),
});
export type ServerBenchmarkParams = z.output<typeof serverBenchmarkParamsSchema>;
