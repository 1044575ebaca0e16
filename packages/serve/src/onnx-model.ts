import path from 'node:path';
import type { Tensor } from '@pipeline/tensor';
import { checkInputs } from './check-inputs.js';
import { completeOnnxConfig, DEFAULT_CPU_INSTANCES } from './complete-config.js';
import { instanceCount, type ModelConfig, type PartialModelConfig } from './model-config.js';
import { ModelStatsRecorder } from './model-stats.js';
import { badRequest, RequestError } from './request-error.js';
import { Scheduler } from './scheduler.js';
import type { ServedModel } from './served-model.js';
import type { ServerMetrics } from './server-metrics.js';
import { SessionPool, SessionRunError } from './session-pool.js';
import { sessionSettings } from './session-settings.js';

/** Applies a config `reshape` (what the model takes) to a tensor sent with the config's dims. */
function reshapeFeed(config: ModelConfig, name: string, tensor: Tensor): Tensor {
  const reshape = config.input.find((t) => t.name === name)?.reshape?.shape;
  if (reshape === undefined || reshape.includes(-1)) return tensor;
  return { ...tensor, shape: config.max_batch_size > 0 ? [tensor.shape[0]!, ...reshape] : [...reshape] };
}

/** An `onnxruntime_onnx` model: `count` sessions in instance processes behind a (dynamic-batching) scheduler. */
export class OnnxServedModel implements ServedModel {
  private running = 0;

  private constructor(
    readonly name: string,
    readonly version: string,
    readonly config: ModelConfig,
    readonly stats: ModelStatsRecorder,
    private readonly pool: SessionPool,
    private readonly scheduler: Scheduler,
  ) {}

  static async load(options: { name: string; version: string; modelFile: string; config: PartialModelConfig; metrics: ServerMetrics }): Promise<OnnxServedModel> {
    const requested = (options.config.instance_group ?? []).reduce((n, g) => n + (g.count ?? DEFAULT_CPU_INSTANCES), 0) || DEFAULT_CPU_INSTANCES;
    const pool = await SessionPool.open(requested, { modelPath: options.modelFile, ...sessionSettings(options.config, requested) });
    try {
      const config = completeOnnxConfig(options.config, options.name, pool);
      if (instanceCount(config) !== pool.size) throw new Error(`instance count ${instanceCount(config)} differs from the ${pool.size} sessions opened`);
      const stats = new ModelStatsRecorder(options.name, options.version, options.metrics);
      const batching = config.dynamic_batching;
      const scheduler = new Scheduler(
        pool,
        {
          maxBatchSize: config.max_batch_size,
          dynamicBatching:
            batching === undefined
              ? undefined
              : { preferredBatchSizes: batching.preferred_batch_size ?? [], maxQueueDelayNs: (batching.max_queue_delay_microseconds ?? 0) * 1000 },
        },
        stats,
      );
      return new OnnxServedModel(options.name, options.version, config, stats, pool, scheduler);
    } catch (error) {
      await pool.close();
      throw error;
    }
  }

  get inFlight(): number {
    return this.running;
  }

  async infer(inputs: readonly { name: string; tensor: Tensor }[]): Promise<Record<string, Tensor>> {
    const start = process.hrtime.bigint();
    this.running += 1;
    try {
      const batch = checkInputs(this.config, inputs);
      const feeds: Record<string, Tensor> = {};
      for (const { name, tensor } of inputs) feeds[name] = reshapeFeed(this.config, name, tensor);
      const { outputs, timings } = await this.scheduler.submit(feeds, batch);
      this.stats.recordSuccess(batch, Number(process.hrtime.bigint() - start), timings);
      return outputs;
    } catch (error) {
      const elapsed = Number(process.hrtime.bigint() - start);
      if (error instanceof SessionRunError) {
        this.stats.recordFailure(elapsed, 'BACKEND');
        throw error.userError ? badRequest(`model '${this.name}': ${error.message}`) : new RequestError(500, `model '${this.name}': ${error.message}`);
      }
      this.stats.recordFailure(elapsed, 'OTHER');
      throw error;
    } finally {
      this.running -= 1;
    }
  }

  async close(): Promise<void> {
    this.scheduler.rejectQueued(new RequestError(503, `model '${this.name}' is being unloaded`));
    await this.pool.close();
  }
}

/** The model file of an onnxruntime model version: `default_model_filename`, else `model.onnx` (a file or a folder holding one). */
export function onnxModelFile(versionDir: string, config: PartialModelConfig): string {
  return path.join(versionDir, config.default_model_filename ?? 'model.onnx');
}
