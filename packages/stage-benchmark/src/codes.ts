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
  /** Neither or both of model and engine were given. */
  BenchmarkTarget: 'E_BENCHMARK_TARGET',
  /** An engine without convert/tensorrt's build metadata (IO bindings, profiles). */
  BenchmarkEngineBindings: 'E_BENCHMARK_ENGINE_BINDINGS',
  /** A dynamic engine dim (past the batch) that the engine's first profile gives no opt for. */
  BenchmarkEngineShape: 'E_BENCHMARK_ENGINE_SHAPE',
  /** A batch sweep asked of an engine (trtexec measures one shape per run). */
  BenchmarkEngineSweep: 'E_BENCHMARK_ENGINE_SWEEP',
  /** No trtexec could be found to benchmark an engine (exit 3). */
  TrtexecNotFound: 'E_TRTEXEC_NOT_FOUND',
  /** `trtexec --help` printed no TensorRT banner (exit 3). */
  TrtexecNoBanner: 'E_TRTEXEC_NO_BANNER',
  /** An option the detected trtexec does not have (exit 2). */
  TrtexecOption: 'E_TRTEXEC_OPTION',
  /** trtexec failed to benchmark the engine: failure class, evidence, repro (exit 3). */
  TrtexecBenchmark: 'E_TRTEXEC_BENCHMARK',
  /** trtexec passed but printed no performance summary (exit 3). */
  TrtexecNoSummary: 'E_TRTEXEC_NO_SUMMARY',
} as const;

export type BenchmarkStageCode = (typeof BenchmarkStageCode)[keyof typeof BenchmarkStageCode];
