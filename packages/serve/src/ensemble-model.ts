import type { Tensor } from '@pipeline/tensor';
import { checkInputs } from './check-inputs.js';
import { completeEnsembleConfig, ModelLoadError } from './complete-config.js';
import type { EnsembleStep, ModelConfig, PartialModelConfig } from './model-config.js';
import { ModelStatsRecorder } from './model-stats.js';
import { RequestError } from './request-error.js';
import type { ServedModel } from './served-model.js';
import type { ServerMetrics } from './server-metrics.js';

/** Finds a loaded composing model at request time (-1: the latest loaded version). */
export type ModelLookup = (name: string, version: number) => ServedModel | undefined;

/** Checks that every step's inputs are produced by the ensemble's inputs or an earlier-runnable step. */
function checkWiring(config: ModelConfig): void {
  const produced = new Set(config.input.map((t) => t.name));
  const pending = [...(config.ensemble_scheduling?.step ?? [])];
  while (pending.length > 0) {
    const index = pending.findIndex((step) => Object.values(step.input_map).every((t) => produced.has(t)));
    if (index === -1) {
      const missing = Object.values(pending[0]!.input_map).filter((t) => !produced.has(t));
      throw new ModelLoadError(`ensemble ${config.name}: step '${pending[0]!.model_name}' needs tensor(s) ${missing.map((t) => `'${t}'`).join(', ')} that no input or step provides`);
    }
    for (const t of Object.values(pending[index]!.output_map)) {
      if (produced.has(t)) throw new ModelLoadError(`ensemble tensor '${t}' can appear in an output map only once for ensemble '${config.name}'`);
      produced.add(t);
    }
    pending.splice(index, 1);
  }
  for (const output of config.output) if (!produced.has(output.name)) throw new ModelLoadError(`ensemble ${config.name}: output '${output.name}' is not produced by any step`);
}

/** An `ensemble` model: runs its steps on the loaded composing models, each step as soon as its inputs exist. */
export class EnsembleServedModel implements ServedModel {
  private running = 0;

  constructor(
    readonly name: string,
    readonly version: string,
    readonly config: ModelConfig,
    readonly stats: ModelStatsRecorder,
    private readonly lookup: ModelLookup,
  ) {}

  static load(options: { name: string; version: string; config: PartialModelConfig; metrics: ServerMetrics; lookup: ModelLookup }): EnsembleServedModel {
    const config = completeEnsembleConfig(options.config, options.name);
    checkWiring(config);
    for (const step of config.ensemble_scheduling!.step) {
      if (options.lookup(step.model_name, step.model_version) === undefined) throw new ModelLoadError(`ensemble ${options.name}: composing model '${step.model_name}' is not loaded`);
    }
    return new EnsembleServedModel(options.name, options.version, config, new ModelStatsRecorder(options.name, options.version, options.metrics), options.lookup);
  }

  get inFlight(): number {
    return this.running;
  }

  private async runStep(step: EnsembleStep, tensors: Map<string, Tensor>): Promise<void> {
    const model = this.lookup(step.model_name, step.model_version);
    if (model === undefined) throw new RequestError(503, `ensemble '${this.name}': composing model '${step.model_name}' is not loaded`);
    const outputs = await model.infer(Object.entries(step.input_map).map(([input, tensor]) => ({ name: input, tensor: tensors.get(tensor)! })));
    for (const [output, tensor] of Object.entries(step.output_map)) {
      const value = outputs[output];
      if (value === undefined) throw new RequestError(500, `ensemble '${this.name}': step '${step.model_name}' gave no output '${output}'`);
      tensors.set(tensor, value);
    }
  }

  async infer(inputs: readonly { name: string; tensor: Tensor }[]): Promise<Record<string, Tensor>> {
    const start = process.hrtime.bigint();
    this.running += 1;
    try {
      const batch = checkInputs(this.config, inputs);
      const tensors = new Map(inputs.map((i) => [i.name, i.tensor]));
      let pending = [...this.config.ensemble_scheduling!.step];
      while (pending.length > 0) {
        const ready = pending.filter((step) => Object.values(step.input_map).every((t) => tensors.has(t)));
        pending = pending.filter((step) => !ready.includes(step));
        await Promise.all(ready.map((step) => this.runStep(step, tensors)));
      }
      const result: Record<string, Tensor> = {};
      for (const output of this.config.output) result[output.name] = tensors.get(output.name)!;
      const elapsed = Number(process.hrtime.bigint() - start);
      this.stats.recordExecution(batch, 0, elapsed, 0);
      this.stats.recordSuccess(batch, elapsed, { queueNs: 0, computeInputNs: 0, computeInferNs: elapsed, computeOutputNs: 0 });
      return result;
    } catch (error) {
      this.stats.recordFailure(Number(process.hrtime.bigint() - start), 'OTHER');
      throw error;
    } finally {
      this.running -= 1;
    }
  }

  async close(): Promise<void> {}
}
