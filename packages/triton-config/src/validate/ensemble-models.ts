// Ensembles across the repository (K model_repository_manager.cc dependency graph and
// ensemble_utils.cc ValidateEnsembleConfig): composing models exist, no ensemble reaches itself,
// every step's maps name real tensors of the composing model, an ensemble tensor has one data type
// and a compatible shape everywhere, and no composing model allows a smaller batch.
import type { ModelConfig } from '../model-config.js';
import type { ConfigProblem } from './problem.js';

interface TensorInfo {
  model: string;
  type: string;
  dims: number[];
  fullDims: number[];
}

const dimsText = (dims: readonly number[]): string => `[${dims.join(',')}]`;
const sameWithWildcard = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === -1 || b[i] === -1 || d === b[i]);

function tensorInfo(model: string, batching: boolean, type: string | undefined, dims: readonly number[]): TensorInfo {
  return { model, type: type ?? 'TYPE_INVALID', dims: [...dims], fullDims: batching ? [-1, ...dims] : [...dims] };
}

function consistency(a: TensorInfo, b: TensorInfo, prefix: string): string | undefined {
  if (a.type !== b.type)
    return `${prefix}inconsistent data type: ${a.type} is inferred from model ${a.model} while ${b.type} is inferred from model ${b.model}`;
  if (!sameWithWildcard(a.dims, b.dims) && !sameWithWildcard(a.fullDims, b.fullDims))
    return `${prefix}inconsistent shape: ${dimsText(a.fullDims)} is inferred from model ${a.model} while ${dimsText(b.fullDims)} is inferred from model ${b.model}`;
  return undefined;
}

/** Problems of one ensemble given every model's (normalized) config by name. */
export function ensembleModelProblems(ensemble: ModelConfig, models: ReadonlyMap<string, ModelConfig>): ConfigProblem[] {
  const name = ensemble.name ?? '';
  const steps = ensemble.ensemble_scheduling?.step ?? [];
  const fail = (message: string, path: Array<string | number>): ConfigProblem[] => [{ code: 'E_TRITON_ENSEMBLE', message, path }];
  const missing = [...new Set(steps.map((s) => s.model_name ?? '').filter((m) => m && !models.has(m)))];
  if (missing.length > 0) {
    const index = steps.findIndex((s) => missing.includes(s.model_name ?? ''));
    return fail(`ensemble ${name} contains models that are not available or ambiguous: ${missing.join(', ')}`, [
      'ensemble_scheduling',
      'step',
      index,
      'model_name',
    ]);
  }
  const cycle = findCycle(name, models);
  if (cycle) return fail(`circular dependency between ensembles: ${name} -> ... -> ${cycle} -> ${name}`, ['ensemble_scheduling']);

  const batching = (ensemble.max_batch_size ?? 0) > 0;
  const tensors = new Map<string, TensorInfo>();
  for (const io of [...(ensemble.input ?? []), ...(ensemble.output ?? [])])
    tensors.set(io.name ?? '', tensorInfo(name, batching, io.data_type, io.reshape ? (io.reshape.shape ?? []) : (io.dims ?? [])));

  for (const [i, step] of steps.entries()) {
    const stepName = step.model_name ?? '';
    const model = models.get(stepName) as ModelConfig;
    const path = ['ensemble_scheduling', 'step', i];
    const mbs = model.max_batch_size ?? 0;
    if (mbs !== 0 && mbs < (ensemble.max_batch_size ?? 0))
      return fail(
        `ensemble ${name} allows maximum batch size ${ensemble.max_batch_size}, but it contains model ${stepName} which only allows maximum batch size to be ${mbs}`,
        path,
      );
    const stepBatching = mbs > 0;
    const inputMap = Object.entries(step.input_map ?? {});
    const inputs = model.input ?? [];
    for (const [modelInput, tensor] of inputMap)
      if (!inputs.some((x) => x.name === modelInput))
        return fail(`in ensemble ${name}, ensemble tensor ${tensor} is mapping to non-existing input ${modelInput} in model ${stepName}`, [
          ...path,
          'input_map',
          modelInput,
        ]);
    for (const input of inputs) {
      const mapped = inputMap.filter(([k]) => k === input.name);
      if (mapped.length === 0 && !input.optional)
        return fail(`in ensemble ${name}, input ${input.name} in model ${stepName} is not mapped to any ensemble tensors`, path);
      for (const [, tensor] of mapped) {
        const info = tensorInfo(stepName, stepBatching, input.data_type, input.dims ?? []);
        const known = tensors.get(tensor);
        const problem = known && consistency(known, info, `in ensemble ${name}, ensemble tensor ${tensor}: `);
        if (problem) return fail(problem, [...path, 'input_map', input.name ?? '']);
        if (!known) tensors.set(tensor, info);
      }
    }
    const outputs = model.output ?? [];
    for (const [modelOutput, tensor] of Object.entries(step.output_map ?? {})) {
      const output = outputs.find((x) => x.name === modelOutput);
      if (!output)
        return fail(`in ensemble ${name}, ensemble tensor ${tensor} is mapped from non-existing output ${modelOutput} in model ${stepName}`, [
          ...path,
          'output_map',
          modelOutput,
        ]);
      const info = tensorInfo(stepName, stepBatching, output.data_type, output.dims ?? []);
      const known = tensors.get(tensor);
      const problem = known && consistency(known, info, `in ensemble ${name}, ensemble tensor ${tensor}: `);
      if (problem) return fail(problem, [...path, 'output_map', modelOutput]);
      if (!known) tensors.set(tensor, info);
    }
  }
  return [];
}

/** The ensemble that leads back to `start`, if any (depth-first over ensemble steps). */
function findCycle(start: string, models: ReadonlyMap<string, ModelConfig>): string | undefined {
  const visiting = new Set<string>();
  const walk = (current: string): string | undefined => {
    for (const step of models.get(current)?.ensemble_scheduling?.step ?? []) {
      const next = step.model_name ?? '';
      if (next === start) return current;
      if (visiting.has(next) || !models.get(next)?.ensemble_scheduling) continue;
      visiting.add(next);
      const found = walk(next);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start);
}
