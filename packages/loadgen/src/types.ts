import type { LoadTls } from '@pipeline/kserve-client/tls-settings';

/** How load is offered: a fixed number of requests in flight, or requests started at a rate. */
export type LoadSpec =
  | { mode: 'concurrency'; concurrency: number }
  | {
      mode: 'request-rate';
      rate_per_s: number;
      /** `constant` spacing, or `poisson` (exponential gaps, seeded): perf_analyzer's two distributions. */
      distribution: 'constant' | 'poisson';
      /** Requests allowed in flight at once; past it the schedule slips and the achieved rate says so. */
      max_in_flight?: number;
      seed?: number;
    };

/** perf_analyzer's measurement windows and stability rule (`-p`, `--measurement-request-count`, `-s`, `-r`). */
export interface WindowSpec {
  /** `time`: each window lasts `window_ms`; `count`: each window ends after `request_count` completions. */
  mode: 'time' | 'count';
  window_ms: number;
  request_count: number;
  /** Largest spread of the last three windows' throughput and latency, in percent. */
  stability_pct: number;
  /** Windows tried before giving up (perf_analyzer's `-r`, 10). */
  max_windows: number;
  /** Stabilise on the average latency, or on this percentile (perf_analyzer's `--percentile`). */
  stabilize_on: 'average' | number;
  /** A count window that has not filled after this long ends anyway (every loop is bounded in time). */
  max_window_ms: number;
}

/** Where the requests go and what they carry. Load goes only to this URL. */
export interface TargetSpec {
  /** Full URL of the endpoint, e.g. `http://127.0.0.1:8000/v2/models/m/infer`. */
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request bodies, sent round-robin (one per data sample); empty for GET. */
  bodies: Uint8Array[];
  /** A request with no complete response after this long counts as a `timeout`. */
  timeout_ms: number;
  connect_timeout_ms: number;
  /** For an https URL: the CA, a client certificate and key (mutual TLS), the name to verify. */
  tls?: LoadTls;
}

/** One window's figures. Latencies in ms. */
export interface WindowFigures {
  started: number;
  completed: number;
  errors: number;
  duration_ms: number;
  /** Successful requests per second. */
  throughput_per_s: number;
  /** Requests started per second (what a rate mode achieved). */
  started_per_s: number;
  mean_latency_ms: number;
  /** The latency the stability rule compares (the average, or the chosen percentile). */
  stabilizing_latency_ms: number;
}

export interface LatencyFigures {
  min_ms: number;
  max_ms: number;
  mean_ms: number;
  std_ms: number;
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** The percentile asked for stabilisation, when it is not one of the above. */
  extra?: { percentile: number; ms: number };
}

/** One load measured until its windows agreed (or `max_windows` ran out); figures merge the last three. */
export interface LoadMeasurement {
  load: LoadSpec;
  windows: WindowFigures[];
  stable: boolean;
  outcome: 'stable' | 'max-windows';
  /** Merged over the compared windows. */
  requests_ok: number;
  started: number;
  duration_ms: number;
  throughput_per_s: number;
  started_per_s: number;
  /** Undefined when no request succeeded. */
  latency: LatencyFigures | undefined;
  /** Mean time to the response headers (send + server + network) and to read the body after them. */
  client_ms: { until_headers: number; body: number } | undefined;
  errors_by_kind: Record<string, number>;
  max_in_flight: number;
}
