import type { PrometheusFamily } from './prometheus.js';

/** One model version's Triton counters (cumulative since load; take deltas between scrapes). */
export interface TritonModelMetrics {
  model: string;
  version: string;
  requestSuccess: number;
  /** Summed over the `reason` label. */
  requestFailure: number;
  inferenceCount: number;
  executionCount: number;
  pendingRequests: number | undefined;
  requestDurationUs: number;
  queueDurationUs: number;
  computeInputDurationUs: number;
  computeInferDurationUs: number;
  computeOutputDurationUs: number;
}

/** One GPU, present only on servers that have GPUs (and metrics for them enabled). */
export interface TritonGpuMetrics {
  uuid: string;
  /** 0–1. */
  utilization: number | undefined;
  powerUsageWatts: number | undefined;
  powerLimitWatts: number | undefined;
  memoryUsedBytes: number | undefined;
  memoryTotalBytes: number | undefined;
  energyJoules: number | undefined;
}

export interface TritonMetrics {
  models: TritonModelMetrics[];
  gpus: TritonGpuMetrics[];
  cpu: { utilization: number | undefined; memoryUsedBytes: number | undefined; memoryTotalBytes: number | undefined };
}

const MODEL_COUNTERS = {
  nv_inference_request_success: 'requestSuccess',
  nv_inference_request_failure: 'requestFailure',
  nv_inference_count: 'inferenceCount',
  nv_inference_exec_count: 'executionCount',
  nv_inference_request_duration_us: 'requestDurationUs',
  nv_inference_queue_duration_us: 'queueDurationUs',
  nv_inference_compute_input_duration_us: 'computeInputDurationUs',
  nv_inference_compute_infer_duration_us: 'computeInferDurationUs',
  nv_inference_compute_output_duration_us: 'computeOutputDurationUs',
} as const satisfies Record<string, keyof TritonModelMetrics>;

const GPU_GAUGES = {
  nv_gpu_utilization: 'utilization',
  nv_gpu_power_usage: 'powerUsageWatts',
  nv_gpu_power_limit: 'powerLimitWatts',
  nv_gpu_memory_used_bytes: 'memoryUsedBytes',
  nv_gpu_memory_total_bytes: 'memoryTotalBytes',
  nv_energy_consumption: 'energyJoules',
} as const satisfies Record<string, keyof TritonGpuMetrics>;

const firstValue = (families: Map<string, PrometheusFamily>, name: string) => families.get(name)?.samples[0]?.value;

/**
 * Triton's metric families (test/fixtures/reference/triton.md §5, core src/metrics.cc) read into per-model
 * counters and per-GPU gauges. Families a server does not export stay undefined or absent (a CPU-only
 * server has no nv_gpu_*).
 */
export function readTritonMetrics(parsed: readonly PrometheusFamily[]): TritonMetrics {
  const families = new Map(parsed.map((f) => [f.name, f]));
  const models = new Map<string, TritonModelMetrics>();
  const modelOf = (labels: Record<string, string>) => {
    const model = labels.model ?? '';
    const version = labels.version ?? '';
    const key = `${model}\u0000${version}`;
    let found = models.get(key);
    if (found === undefined) {
      found = {
        model,
        version,
        requestSuccess: 0,
        requestFailure: 0,
        inferenceCount: 0,
        executionCount: 0,
        pendingRequests: undefined,
        requestDurationUs: 0,
        queueDurationUs: 0,
        computeInputDurationUs: 0,
        computeInferDurationUs: 0,
        computeOutputDurationUs: 0,
      };
      models.set(key, found);
    }
    return found;
  };
  for (const [family, field] of Object.entries(MODEL_COUNTERS)) {
    for (const sample of families.get(family)?.samples ?? []) if (sample.labels.model !== undefined) modelOf(sample.labels)[field] += sample.value;
  }
  for (const sample of families.get('nv_inference_pending_request_count')?.samples ?? []) {
    if (sample.labels.model !== undefined) modelOf(sample.labels).pendingRequests = sample.value;
  }
  const gpus = new Map<string, TritonGpuMetrics>();
  for (const [family, field] of Object.entries(GPU_GAUGES)) {
    for (const sample of families.get(family)?.samples ?? []) {
      const uuid = sample.labels.gpu_uuid ?? '';
      let gpu = gpus.get(uuid);
      if (gpu === undefined) {
        gpu = { uuid, utilization: undefined, powerUsageWatts: undefined, powerLimitWatts: undefined, memoryUsedBytes: undefined, memoryTotalBytes: undefined, energyJoules: undefined };
        gpus.set(uuid, gpu);
      }
      gpu[field] = sample.value;
    }
  }
  return {
    models: [...models.values()],
    gpus: [...gpus.values()],
    cpu: {
      utilization: firstValue(families, 'nv_cpu_utilization'),
      memoryUsedBytes: firstValue(families, 'nv_cpu_memory_used_bytes'),
      memoryTotalBytes: firstValue(families, 'nv_cpu_memory_total_bytes'),
    },
  };
}
