// Dynamic and sequence batching (K model_config_utils.cc ValidateModelConfig and the sequence
// control readers). Messages are Triton's.
import type { ModelConfig, ModelSequenceBatching } from '../model-config.js';
import type { ConfigProblem } from './problem.js';

export function dynamicBatchingProblem(config: ModelConfig): ConfigProblem | undefined {
  const db = config.dynamic_batching;
  if (!db) return undefined;
  const name = config.name ?? '';
  const fail = (message: string, path: Array<string | number>): ConfigProblem => ({
    code: 'E_TRITON_DYNAMIC_BATCHING',
    message,
    path: ['dynamic_batching', ...path],
  });
  for (const [i, size] of (db.preferred_batch_size ?? []).entries()) {
    if (size <= 0) return fail(`dynamic batching preferred size must be positive for ${name}`, ['preferred_batch_size', i]);
    if (size > (config.max_batch_size ?? 0))
      return fail(`dynamic batching preferred size must be <= max batch size for ${name}`, ['preferred_batch_size', i]);
  }
  const levels = db.priority_levels ?? 0;
  if (levels !== 0) {
    const level = db.default_priority_level ?? 0;
    if (level === 0 || level > levels)
      return fail(`default priority level must be in range [1, ${levels}] for ${name}`, ['default_priority_level']);
    for (const key of Object.keys(db.priority_queue_policy ?? {})) {
      const k = Number(key);
      if (k === 0 || k > levels)
        return fail(`priority queue policy must have priority level in range [1, ${levels}] for ${name}`, ['priority_queue_policy', key]);
    }
  }
  if (db.preserve_ordering) {
    if (levels > 1) return fail(`Only one priority level is allowed when 'preserve_ordering' is true for ${name}`, ['preserve_ordering']);
    const delays = (p: { default_timeout_microseconds?: number | undefined; timeout_action?: string | undefined } | undefined): boolean =>
      (p?.default_timeout_microseconds ?? 0) !== 0 && p?.timeout_action === 'DELAY';
    const message = `Queue policy can not have DELAY as timeout action when 'preserve_ordering' is true for ${name}`;
    if (delays(db.default_queue_policy)) return fail(message, ['default_queue_policy']);
    for (const [key, policy] of Object.entries(db.priority_queue_policy ?? {}))
      if (delays(policy)) return fail(message, ['priority_queue_policy', key]);
  }
  return undefined;
}

type ControlKind = 'CONTROL_SEQUENCE_START' | 'CONTROL_SEQUENCE_READY' | 'CONTROL_SEQUENCE_END' | 'CONTROL_SEQUENCE_CORRID';

/** One control kind, as Triton's Get{Boolean,Typed}SequenceControlProperties read it. */
function controlProblem(batcher: ModelSequenceBatching, name: string, kind: ControlKind): string | undefined {
  const typed = kind === 'CONTROL_SEQUENCE_CORRID';
  const seenTensors = new Set<string>();
  let seen = false;
  for (const input of batcher.control_input ?? []) {
    if (!input.name) return `sequence batching control tensor must have a name for ${name}`;
    if (seenTensors.has(input.name))
      return `sequence batching control tensor '${input.name}' is specified for multiple control kinds for ${name}`;
    seenTensors.add(input.name);
    for (const c of input.control ?? []) {
      if ((c.kind ?? 'CONTROL_SEQUENCE_START') !== kind) continue;
      if (seen) return `sequence batching specifies multiple ${kind} tensors for ${name}`;
      seen = true;
      const counts = [c.int32_false_true, c.fp32_false_true, c.bool_false_true].map((l) => (l ?? []).length);
      const given = counts.filter((n) => n > 0).length;
      if (typed) {
        if (given > 0)
          return `sequence batching must not specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`;
        const allowed = ['TYPE_UINT64', 'TYPE_INT64', 'TYPE_UINT32', 'TYPE_INT32', 'TYPE_STRING'];
        if (!allowed.includes(c.data_type ?? 'TYPE_INVALID'))
          return `unexpected data type for control ${kind} for ${name}. Allowed data types are TYPE_UINT64, TYPE_INT64, TYPE_UINT32, TYPE_INT32 and TYPE_STRING`;
        continue;
      }
      if (given === 0)
        return `sequence batching must specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`;
      if (given > 1)
        return `sequence batching specifies more than one from 'int32_false_true', 'fp32_false_true' and 'bool_false_true' for ${kind} for ${name}`;
      const which = ['int32_false_true', 'fp32_false_true', 'bool_false_true'][counts.findIndex((n) => n > 0)];
      if (counts.find((n) => n > 0) !== 2)
        return `sequence batching control '${which}' must have exactly 2 entries for ${kind} for ${name}`;
    }
  }
  return undefined;
}

export function sequenceBatchingProblem(config: ModelConfig): ConfigProblem | undefined {
  const sb = config.sequence_batching;
  if (!sb) return undefined;
  const name = config.name ?? '';
  const fail = (message: string, path: Array<string | number> = []): ConfigProblem => ({
    code: 'E_TRITON_SEQUENCE_BATCHING',
    message,
    path: ['sequence_batching', ...path],
  });
  if (config.response_cache?.enable)
    return fail(
      `Response Cache does not currently support model ${name} with sequence batching scheduler. Please disable the response cache.`,
    );
  for (const kind of ['CONTROL_SEQUENCE_START', 'CONTROL_SEQUENCE_END', 'CONTROL_SEQUENCE_READY', 'CONTROL_SEQUENCE_CORRID'] as const) {
    const message = controlProblem(sb, name, kind);
    if (message) return fail(message, ['control_input']);
  }
  for (const [i, size] of (sb.oldest?.preferred_batch_size ?? []).entries()) {
    if (size <= 0) return fail(`sequence batching preferred batch size must be positive for ${name}`, ['oldest', 'preferred_batch_size', i]);
    if (size > (config.max_batch_size ?? 0))
      return fail(`sequence batching preferred batch size must be <= max batch size for ${name}`, ['oldest', 'preferred_batch_size', i]);
  }
  const utilization = sb.direct?.minimum_slot_utilization ?? 0;
  if (sb.direct && (utilization < 0 || utilization > 1))
    return fail(`sequence batching minimum slot utilization must be in range (0.0, 1.0] for ${name}`, ['direct']);
  return undefined;
}
