import type { KeyChange, StageExplanation } from '@pipeline/core';
import { UsageError } from '@pipeline/errors';
import type { CliIO, Command } from '../io.js';
import { loadPlanForRun } from '../load-pipeline.js';

/** `sha256:0123456789ab…` — enough to tell digests apart in a terminal. */
function short(value: string | undefined): string {
  if (value === undefined) return '(none)';
  if (value.startsWith('pending:')) return `(not known until stage ${value.slice('pending:'.length).split('#')[0]} runs)`;
  return /^sha256:[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 19)}…` : value;
}

function changeLine(change: KeyChange): string {
  const what = { stage: 'stage', param: 'param', input: 'input', probe: 'tool' }[change.component];
  const field = change.component === 'input' ? ' digest' : '';
  return `${what} ${change.name}:${field} ${short(change.before)} → ${short(change.after)}`;
}

const VERDICT: Record<StageExplanation['verdict'], string> = {
  cached: 'would come from the cache',
  'will-run': 'will run',
  skipped: 'will be skipped',
  'always-runs': 'always runs',
  'not-in-last-run': 'will run',
  'no-previous-run': 'will run',
  unknown: 'cannot be predicted',
};

/** The explanation as indented lines; an upstream stage's own reasons are nested under the input it feeds. */
export function renderExplanation(explanation: StageExplanation, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const head = `${pad}stage ${explanation.stageId} ${VERDICT[explanation.verdict]}`;
  const since = explanation.lastRunId && explanation.changes.length > 0 ? ` — changed since run ${explanation.lastRunId}:` : '';
  const lines = [`${head}${explanation.note ? ` (${explanation.note})` : ''}${since}`];
  for (const change of explanation.changes) {
    lines.push(`${pad}  ${changeLine(change)}`);
    if (change.upstream) lines.push(...renderExplanation(change.upstream, depth + 2));
  }
  return lines;
}

export const explainCommand: Command = {
  name: 'explain',
  usage: `pipeline explain <file> <stage> [-p key=value]... [--json]

Compares the stage's cache key components now (input digests, params, tool versions) with those of
the last run in the pipeline's workspace, following changes through upstream stages. Runs nothing.
<stage> is a stage id, or a matrix member's (convert@precision=fp16); a matrix stage's own id explains
each of its members (with --json, a list of explanations).`,
  options: { param: { type: 'string', short: 'p', multiple: true }, json: { type: 'boolean' } },
  async run({ positionals, values }, io: CliIO): Promise<number> {
    const [file, stageId, ...extra] = positionals;
    if (!file || !stageId || extra.length > 0) throw new UsageError('E_USAGE', 'expected a pipeline file and a stage id', { hint: 'usage: pipeline explain <file> <stage>' });
    const { plan, hasher, workspace } = await loadPlanForRun(file, io, (values.param as string[] | undefined) ?? []);
    // A member id (`convert@precision=fp16`), or the id written in the file, which names every member of a matrix stage (as `run --force` takes it).
    const exact = plan.stages.some((s) => s.id === stageId);
    const ids = exact ? [stageId] : plan.stages.filter((s) => s.baseId === stageId).map((s) => s.id);
    if (ids.length === 0) {
      throw new UsageError('E_USAGE', `no stage "${stageId}" in ${file}`, { hint: `stages: ${plan.stages.map((s) => s.id).join(', ')}` });
    }
    const { createExec, createMasker, createProbeEnv, explainStage } = await import('@pipeline/core');
    const mask = createMasker(plan.secrets);
    const env = { PATH: io.env.PATH ?? '', ...plan.env };
    const probeEnv = createProbeEnv(createExec({ env, signal: io.signal, mask, onLine: () => undefined }), env);
    const explanations: StageExplanation[] = [];
    for (const id of ids) explanations.push(await explainStage(plan, id, { workspace, hasher, probeEnv }));
    await hasher.save();
    if (values.json === true) io.stdout.write(`${JSON.stringify(exact ? explanations[0] : explanations, null, 2)}\n`);
    else io.stdout.write(`${explanations.flatMap((e) => renderExplanation(e)).join('\n')}\n`);
    return 0;
  },
};
