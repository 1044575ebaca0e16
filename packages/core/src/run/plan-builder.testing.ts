import type { AnyStage, Artifact } from '@pipeline/sdk';
import type { Binding, Plan, PlannedStage } from '../plan/types.js';

/**
 * Builds Plans by hand for tests of the runner (and of stages), without a pipeline file: the
 * same shapes `loadPipeline` produces. Not exported from the package.
 */
export interface StageSpec {
  needs?: string[];
  inputs?: Record<string, Binding>;
  params?: Record<string, unknown>;
  if?: Binding;
  timeoutMs?: number;
  retries?: number;
  cache?: boolean;
}

export function value(v: unknown): Binding {
  return { type: 'value', value: v, loc: undefined };
}

export function artifact(a: Artifact): Binding {
  return { type: 'artifact', artifact: a, loc: undefined };
}

/** `${{ stages.<id>.outputs.<name> }}`; `planned` adds the stage to `needs`. */
export function outputOf(stageId: string, output: string): Binding {
  return {
    type: 'expression',
    source: `stages.${stageId}.outputs.${output}`,
    evaluate: (scope) => scope.stages[stageId]?.outputs[output],
    loc: undefined,
  };
}

export function planned(id: string, stage: AnyStage, spec: StageSpec = {}): PlannedStage {
  const needs = new Set(spec.needs ?? []);
  const visit = (binding: Binding): void => {
    if (binding.type === 'expression') needs.add(binding.source.split('.')[1] ?? '');
    if (binding.type === 'object') Object.values(binding.entries).forEach(visit);
    if (binding.type === 'array') binding.items.forEach(visit);
  };
  Object.values(spec.inputs ?? {}).forEach(visit);
  return {
    id,
    baseId: id,
    matrix: {},
    uses: stage.name,
    stage,
    loc: { file: 'test.yaml', line: 1, column: 1 },
    needs: [...needs].filter(Boolean),
    inputs: spec.inputs ?? {},
    params: Object.fromEntries(Object.entries(spec.params ?? {}).map(([k, v]) => [k, value(v)])),
    if: spec.if,
    timeoutMs: spec.timeoutMs,
    retries: spec.retries ?? 0,
    cache: spec.cache ?? stage.cacheable !== false,
    outputKinds: Object.fromEntries(Object.entries(stage.outputs as Record<string, { kind: PlannedStage['outputKinds'][string] }>).map(([k, p]) => [k, p.kind])),
  };
}

export function planOf(stages: PlannedStage[], options: { baseDir: string; secrets?: string[]; env?: Record<string, string> }): Plan {
  return {
    file: `${options.baseDir}/test.yaml`,
    baseDir: options.baseDir,
    name: 'test',
    description: '',
    params: {},
    env: options.env ?? {},
    secrets: options.secrets ?? [],
    stages,
    outputs: {},
  };
}
