/**
 * The stable codes of the `benchmark` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const BenchmarkStageCode = {
  /** Samples that cannot be stacked into one batch. */
  BenchmarkData: 'E_BENCHMARK_DATA',
  /** Params that contradict the model (a batch it fixes, the batch axis set through dims). */
  BenchmarkParams: 'E_BENCHMARK_PARAMS',
  /** Unstable figures leave every gate undecided (exit 3; transient, so `retries:` measures again). */
  BenchmarkUnstable: 'E_BENCHMARK_UNSTABLE',
  /** Random data for an input of unknown rank. */
  DynamicShape: 'E_DYNAMIC_SHAPE',
  /** Concurrency above one on onnxruntime-node, which serves the requests of a session one at a time. */
  ConcurrencySerialized: 'W_CONCURRENCY_SERIALIZED',
  /** benchmark/server: a served input's datatype no data source makes (e.g. BYTES). */
  ServerDatatype: 'E_SERVER_DATATYPE',
  /** benchmark/server: the server did not answer the model's metadata request (exit 3). */
  ServerUnreachable: 'E_SERVER_UNREACHABLE',
} as const;

export type BenchmarkStageCode = (typeof BenchmarkStageCode)[keyof typeof BenchmarkStageCode];
