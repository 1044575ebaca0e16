import type { Artifact } from '@pipeline/sdk';
import { resolveBinding } from '../plan/resolve.js';
import type { Binding, Plan, RunScope, StageOutcome } from '../plan/types.js';
import { canonicalJson } from './canonical-json.js';
import type { PipelineOutputRecord, RecordedArtifact, StageRecord } from './run-record.js';
import { isArtifact } from '../is-artifact.js';

type PipelineOutputValue = Extract<PipelineOutputRecord, { value: unknown }>['value'];

const OK = new Set(['succeeded', 'cached']);

/**
 * The pipeline's `outputs:` after a run, for run.json: each an artifact (or the map of a matrix
 * stage's members), a plain value, or absent with the reason. Absent is not an error: `pipeline check`
 * lets an output read a stage that `if:` may skip, and this is where that shows.
 */
export function resolvePipelineOutputs(plan: Plan, stages: readonly StageRecord[], tools: Record<string, unknown>): Record<string, PipelineOutputRecord> {
  const outcomes: Record<string, StageOutcome> = Object.fromEntries(stages.map((s) => [s.id, { status: s.status, outputs: s.outputs as Record<string, Artifact> }]));
  const scope: RunScope = { params: plan.params, env: plan.env, matrix: {}, tools, stages: outcomes };
  const result: Record<string, PipelineOutputRecord> = {};
  for (const [name, binding] of Object.entries(plan.outputs)) {
    let value: unknown;
    try {
      value = resolveBinding(binding, scope);
    } catch (error) {
      // An expression failing at run time (e.g. reading `.meta` of a missing artifact) also leaves it absent.
      result[name] = { absent: true, reason: error instanceof Error ? error.message : String(error) };
      continue;
    }
    result[name] = outputRecord(value, binding, stages);
  }
  return result;
}

function outputRecord(value: unknown, binding: Binding, stages: readonly StageRecord[]): PipelineOutputRecord {
  if (isArtifact(value)) return { artifact: recorded(value) };
  if (binding.type === 'object' && typeof value === 'object' && value !== null) {
    const members = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, Artifact] => isArtifact(entry[1]));
    if (members.length > 0) return { artifacts: Object.fromEntries(members.map(([id, a]) => [id, recorded(a)])) };
    return { absent: true, reason: absenceReason(binding, stages) };
  }
  if (value === undefined || value === null) return { absent: true, reason: absenceReason(binding, stages) };
  // Through JSON, as run.json will hold it (a bigint or a function would not survive the trip).
  return { value: JSON.parse(canonicalJson(value)) as PipelineOutputValue };
}

/** Names the stages the expression reads that did not succeed, with their own reason (`if: … was false`). */
function absenceReason(binding: Binding, stages: readonly StageRecord[]): string {
  const source = sourceOf(binding);
  const read = stages.filter((s) => !OK.has(s.status) && (source.includes(`stages.${s.baseId}.`) || source.includes(`'${s.id}'`) || source.includes(`"${s.id}"`)));
  if (read.length === 0) return 'its expression gave no value (the stage ran but did not produce that output)';
  return read.map((s) => `stage ${s.id} ${s.status === 'skipped' || s.status === 'cancelled' ? `was ${s.status}` : s.status}${s.reason ? ` (${s.reason})` : ''}`).join('; ');
}

function sourceOf(binding: Binding): string {
  if (binding.type === 'expression') return binding.source;
  if (binding.type === 'object') return Object.values(binding.entries).map(sourceOf).join(' ');
  return '';
}

function recorded(a: Artifact): RecordedArtifact {
  return { kind: a.kind, digest: a.digest, size: a.size, path: a.path, meta: a.meta };
}

