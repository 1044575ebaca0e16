import os from 'node:os';
import { Counter, Gauge, Registry } from 'prom-client';

type ModelLabels = { model: string; version: string };

/**
 * Prometheus metrics under Triton's names and labels (core src/metrics.cc; reference §5): per-model request,
 * inference and execution counters, cumulative durations in µs, the pending-request gauge, the load
 * duration, and the CPU gauges. prom-client writes the exposition format. No nv_gpu_*: nothing here has a GPU.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly counter = (name: string, help: string, labelNames: string[] = ['model', 'version']) =>
    new Counter({ name, help, labelNames, registers: [this.registry] });
  readonly success = this.counter('nv_inference_request_success', 'Number of successful inference requests, all batch sizes');
  readonly failure = this.counter('nv_inference_request_failure', 'Number of failed inference requests, all batch sizes', ['model', 'version', 'reason']);
  readonly inferences = this.counter('nv_inference_count', 'Number of inferences performed (does not include cached requests)');
  readonly executions = this.counter('nv_inference_exec_count', 'Number of model executions performed (does not include cached requests)');
  readonly requestDuration = this.counter('nv_inference_request_duration_us', 'Cumulative inference request duration in microseconds (includes cached requests)');
  readonly queueDuration = this.counter('nv_inference_queue_duration_us', 'Cumulative inference queuing duration in microseconds (includes cached requests)');
  readonly computeInput = this.counter('nv_inference_compute_input_duration_us', 'Cumulative compute input duration in microseconds (does not include cached requests)');
  readonly computeInfer = this.counter('nv_inference_compute_infer_duration_us', 'Cumulative compute inference duration in microseconds (does not include cached requests)');
  readonly computeOutput = this.counter('nv_inference_compute_output_duration_us', 'Cumulative inference compute output duration in microseconds (does not include cached requests)');
  readonly pending = new Gauge({
    name: 'nv_inference_pending_request_count',
    help: 'Instantaneous number of pending requests awaiting execution per-model.',
    labelNames: ['model', 'version'],
    registers: [this.registry],
  });
  readonly loadDuration = new Gauge({ name: 'nv_model_load_duration_secs', help: 'Model load time in seconds', labelNames: ['model', 'version'], registers: [this.registry] });
  private cpuSample = os.cpus().map((c) => c.times);

  constructor() {
    const cpuGauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    cpuGauge('nv_cpu_utilization', 'CPU utilization rate [0.0 - 1.0]', () => this.cpuUtilization());
    cpuGauge('nv_cpu_memory_total_bytes', 'CPU total memory (RAM), in bytes', () => os.totalmem());
    cpuGauge('nv_cpu_memory_used_bytes', 'CPU used memory (RAM), in bytes', () => os.totalmem() - os.freemem());
  }

  /** Busy share of all cores since the previous scrape. */
  private cpuUtilization(): number {
    const now = os.cpus().map((c) => c.times);
    let busy = 0;
    let total = 0;
    now.forEach((t, i) => {
      const before = this.cpuSample[i] ?? { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 };
      const all = t.user + t.nice + t.sys + t.idle + t.irq - (before.user + before.nice + before.sys + before.idle + before.irq);
      busy += all - (t.idle - before.idle);
      total += all;
    });
    this.cpuSample = now;
    return total > 0 ? busy / total : 0;
  }

  /** Starts a model's series at zero, as Triton lists a loaded model before its first request. */
  addModel(labels: ModelLabels, loadSeconds: number): void {
    for (const counter of [this.success, this.inferences, this.executions, this.requestDuration, this.queueDuration, this.computeInput, this.computeInfer, this.computeOutput]) {
      counter.inc(labels, 0);
    }
    this.pending.set(labels, 0);
    this.loadDuration.set(labels, loadSeconds);
  }

  /** An unloaded model's series disappear. */
  removeModel(labels: ModelLabels): void {
    for (const metric of [this.success, this.inferences, this.executions, this.requestDuration, this.queueDuration, this.computeInput, this.computeInfer, this.computeOutput, this.pending, this.loadDuration]) {
      metric.remove(labels);
    }
    for (const reason of ['REJECTED', 'CANCELED', 'BACKEND', 'OTHER']) this.failure.remove({ ...labels, reason });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
