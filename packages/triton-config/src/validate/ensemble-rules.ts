// Ensembles inside one config (K model_config_utils.cc ValidateEnsembleSchedulingConfig and
// BuildEnsembleGraph): not on an ensemble, steps present and complete, each ensemble tensor written
// once, every input used, every output written, no unused tensor. Messages are Triton's.
import type { ModelConfig } from '../model-config.js';
import { type ConfigProblem, PLATFORM } from './problem.js';

interface TensorNode {
  name: string;
  isOutput: boolean;
  ready: boolean;
  prev: TensorNode[];
  next: TensorNode[];
}

export function ensembleStructureProblem(config: ModelConfig): ConfigProblem | undefined {
  const name = config.name ?? '';
  const fail = (message: string, path: Array<string | number>): ConfigProblem => ({ code: 'E_TRITON_ENSEMBLE', message, path });
  if (config.platform !== PLATFORM.ensemble)
    return fail(`ensemble scheduling cannot be set for model '${name}' whose platform is not ensemble`, ['ensemble_scheduling']);
  if ((config.instance_group ?? []).length > 0)
    return fail(`instance group should not be specified for ensemble '${name}'`, ['instance_group']);
  if (config.optimization) return fail(`optimization should not be specified for ensemble '${name}'`, ['optimization']);
  if ((config.model_warmup ?? []).length > 0) return fail(`model_warmup can not be specified for ensemble '${name}'`, ['model_warmup']);
  const steps = config.ensemble_scheduling?.step ?? [];
  if (steps.length === 0) return fail(`must specify 'step' for ensemble '${name}'`, ['ensemble_scheduling']);

  const tensors = new Map<string, TensorNode>();
  const node = (tensor: string, isOutput: boolean): TensorNode => {
    let n = tensors.get(tensor);
    if (!n) {
      n = { name: tensor, isOutput, ready: false, prev: [], next: [] };
      tensors.set(tensor, n);
    }
    return n;
  };
  for (const [i, step] of steps.entries()) {
    const path = ['ensemble_scheduling', 'step', i];
    if (!step.model_name) return fail(`must specify 'model_name' in step ${i} of ensemble '${name}'`, path);
    const inputMap = Object.entries(step.input_map ?? {});
    const outputMap = Object.entries(step.output_map ?? {});
    if (inputMap.length === 0) return fail(`must specify 'input_map' in step ${i} of ensemble '${name}'`, path);
    if (outputMap.length === 0) return fail(`must specify 'output_map' in step ${i} of ensemble '${name}'`, path);
    const written: TensorNode[] = [];
    for (const [modelOutput, ensembleTensor] of outputMap) {
      const existing = tensors.get(ensembleTensor);
      if (existing?.isOutput)
        return fail(`ensemble tensor '${ensembleTensor}' can appear in an output map only once for ensemble '${name}' step ${i}`, [
          ...path,
          'output_map',
          modelOutput,
        ]);
      const n = node(ensembleTensor, true);
      n.isOutput = true;
      written.push(n);
    }
    for (const [, ensembleTensor] of inputMap) {
      const source = node(ensembleTensor, false);
      for (const out of written) {
        out.prev.push(source);
        source.next.push(out);
      }
    }
  }
  // Data flow: from the ensemble inputs, a tensor is ready once everything it depends on is.
  const queue: TensorNode[] = [];
  for (const [i, input] of (config.input ?? []).entries()) {
    const n = tensors.get(input.name ?? '');
    if (!n) return fail(`ensemble input '${input.name}' for ensemble ${name}' is not used`, ['input', i]);
    n.ready = true;
    queue.push(n);
  }
  for (let q = 0; q < queue.length; q++) {
    for (const next of (queue[q] as TensorNode).next) {
      if (next.ready) continue;
      if (next.prev.every((p) => p.ready)) {
        next.ready = true;
        queue.push(next);
      }
    }
  }
  const outputs = new Set<string>();
  for (const [i, output] of (config.output ?? []).entries()) {
    const n = tensors.get(output.name ?? '');
    if (!n) return fail(`ensemble output '${output.name}' for ensemble ${name}' is not used`, ['output', i]);
    if (!n.ready) {
      let message = `output '${output.name}' for ensemble '${name}' is not written`;
      let last = n;
      const seen = new Set<string>();
      let prev: TensorNode[] | undefined = n.prev;
      while (prev && prev.length > 0) {
        const candidates: TensorNode[] = prev;
        prev = undefined;
        for (const p of candidates) {
          if (!p.ready && !seen.has(p.name)) {
            seen.add(p.name);
            last = p;
            prev = p.prev;
            break;
          }
        }
      }
      if (last.name !== n.name) message += `: at least one of its depending tensors, '${last.name}', is not connected`;
      return fail(message, ['output', i]);
    }
    outputs.add(n.name);
  }
  for (const tensor of tensors.values()) {
    if (outputs.has(tensor.name)) continue;
    if (!tensor.ready || tensor.next.length === 0)
      return fail(`ensemble tensor '${tensor.name}' is unused in ensemble '${name}'`, ['ensemble_scheduling']);
  }
  return undefined;
}
