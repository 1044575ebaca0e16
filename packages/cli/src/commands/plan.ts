// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import path from 'node:path';
import type { Binding, Plan, PlannedStage } from '@pipeline/core';
import { ExitCode } from '@pipeline/errors';
import type { Command } from '../io.js';
import { fileArgument, loadPipelineForCli } from '../load-pipeline.js';

/** `pipeline plan <file>`: the checked DAG after matrix expansion, by level, with each stage's inputs and params. */
export const planCommand: Command = {
  name: 'plan',
  usage: [
    'pipeline plan <file> [-p key=value]... [--json]',
    '',
    'Stages are grouped by level: a stage runs after the stages of earlier levels it needs.',
    'Values known before running are shown resolved; the rest as their ${{ }} expression.',
    '  -p, --param key=value  set a pipeline param (repeatable)',
    '  --json                 print the plan as JSON',
  ].join('\n'),
  options: { param: { type: 'string', short: 'p', multiple: true }, json: { type: 'boolean' } },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals, 'plan');
    const { plan } = await loadPipelineForCli(file, io, { params: (values.param as string[] | undefined) ?? [] });
    const mask = masker(plan.secrets);
    io.stdout.write(values.json === true ? `${mask(JSON.stringify(planToJson(plan), null, 2))}\n` : mask(renderPlan(plan)));
    return ExitCode.Success;
  },
};

/** Level of each stage: 0 for stages that need nothing, else one more than the deepest stage it needs. */
export function stageLevels(stages: readonly PlannedStage[]): Map<string, number> {
  const levels = new Map<string, number>();
  for (const stage of stages) levels.set(stage.id, Math.max(-1, ...stage.needs.map((n) => levels.get(n) ?? -1)) + 1);
  return levels;
}

/** The plan as an indented text tree, level by level. */
export function renderPlan(plan: Plan): string {
  const levels = stageLevels(plan.stages);
  const lines = [`${plan.name}: ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'}${plan.description ? ` — ${plan.description}` : ''}`];
  const params = Object.entries(plan.params);
  if (params.length) lines.push(`params: ${params.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`);
  const depth = Math.max(-1, ...levels.values());
  for (let level = 0; level <= depth; level++) {
    lines.push('', `level ${level}`);
    for (const stage of plan.stages.filter((s) => levels.get(s.id) === level)) {
      const flags = [stage.cache ? '' : 'no-cache', stage.retries ? `retries=${stage.retries}` : '', stage.timeoutMs ? `timeout=${stage.timeoutMs / 1000}s` : ''].filter(Boolean);
      lines.push(`  ${stage.id}  (${stage.uses})${flags.length ? ` [${flags.join(', ')}]` : ''}`);
      if (stage.needs.length) lines.push(`    needs: ${stage.needs.join(', ')}`);
      if (stage.if) lines.push(`    if: ${describe(stage.if, plan.baseDir)}`);
      for (const [name, binding] of Object.entries(stage.inputs)) lines.push(...entry(name, binding, plan.baseDir, '    '));
      for (const [name, binding] of Object.entries(stage.params)) lines.push(...entry(name, binding, plan.baseDir, '    '));
      const outputs = Object.entries(stage.outputKinds).map(([name, kind]) => `${name} (${kind.name})`);
      if (outputs.length) lines.push(`    → ${outputs.join(', ')}`);
    }
  }
  const outputs = Object.entries(plan.outputs);
  if (outputs.length) {
    lines.push('', 'outputs');
    for (const [name, binding] of outputs) lines.push(...entry(name, binding, plan.baseDir, '  '));
  }
  return `${lines.join('\n')}\n`;
}

function entry(name: string, binding: Binding, baseDir: string, indent: string): string[] {
  if (binding.type !== 'object') return [`${indent}${name}: ${describe(binding, baseDir)}`];
  return [`${indent}${name}:`, ...Object.entries(binding.entries).flatMap(([key, b]) => entry(key, b, baseDir, `${indent}  `))];
}

function describe(binding: Binding, baseDir: string): string {
  switch (binding.type) {
    case 'value':
      return JSON.stringify(binding.value) ?? 'undefined';
    case 'artifact': {
      const { artifact } = binding;
      return `${path.relative(baseDir, artifact.path) || artifact.path} [${artifact.kind}, ${artifact.digest.slice(0, 19)}…, ${artifact.size} B]`;
    }
    case 'expression':
      return binding.source.trim();
    case 'array':
      return `[${binding.items.map((b) => describe(b, baseDir)).join(', ')}]`;
    case 'object':
      return `{ ${Object.entries(binding.entries).map(([k, b]) => `${k}: ${describe(b, baseDir)}`).join(', ')} }`;
  }
}

/** A JSON view of a binding: `{value}`, `{artifact}`, `{expression}`, `{entries}` or `{items}`. */
export function bindingToJson(binding: Binding): unknown {
  switch (binding.type) {
    case 'value':
      return { value: binding.value };
    case 'artifact':
      return { artifact: binding.artifact };
    case 'expression':
      return { expression: binding.source };
    case 'array':
      return { items: binding.items.map(bindingToJson) };
    case 'object':
      return { entries: Object.fromEntries(Object.entries(binding.entries).map(([k, b]) => [k, bindingToJson(b)])) };
  }
}

function mapValues(record: Record<string, Binding>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, b]) => [k, bindingToJson(b)]));
}

export function planToJson(plan: Plan): unknown {
  const levels = stageLevels(plan.stages);
  return {
    file: plan.file,
    name: plan.name,
    description: plan.description,
    params: plan.params,
    env: Object.keys(plan.env),
    stages: plan.stages.map((s) => ({
      id: s.id,
      baseId: s.baseId,
      uses: s.uses,
      level: levels.get(s.id),
      matrix: s.matrix,
      needs: s.needs,
      if: s.if ? bindingToJson(s.if) : undefined,
      inputs: mapValues(s.inputs),
      params: mapValues(s.params),
      outputs: Object.fromEntries(Object.entries(s.outputKinds).map(([name, kind]) => [name, kind.name])),
      cache: s.cache,
      retries: s.retries,
      timeoutMs: s.timeoutMs,
    })),
    outputs: mapValues(plan.outputs),
  };
}

/** Replaces every secret value with `***` (longest first, so a secret containing another is hidden whole). */
function masker(secrets: readonly string[]): (text: string) => string {
  const sorted = [...secrets].filter(Boolean).sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}
