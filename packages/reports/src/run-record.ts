import { chartDataSchema } from '@pipeline/sdk';
import { z } from 'zod';

/** Version of run.json; bump on any change a reader of old files would misread. */
export const RUN_RECORD_SCHEMA_VERSION = 1;

/**
 * The zod schemas of run.json, built on first use: constructing them costs a few milliseconds that
 * a cached re-run (which never parses a run record) should not pay at import.
 */
function buildSchemas() {
  const stageStatus = z.enum(['succeeded', 'cached', 'failed', 'errored', 'skipped', 'cancelled']);

  /** What a cache key is made of; kept so `pipeline explain` can say which part changed. */
  const cacheComponentsSchema = z.object({
    stage: z.object({ uses: z.string(), version: z.number() }),
    /** Params after the stage's zod schema (defaults applied). */
    params: z.record(z.string(), z.unknown()),
    /** Input port → content digest, or key → digest for a `many` port; null for an absent optional input. */
    inputs: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string()), z.null()])),
    /** Tool → version (or "missing") as the stage's probe found it. */
    probe: z.record(z.string(), z.string()),
    /**
     * Param path (`env.MY_TOKEN`) → keyed digest (`hmac-sha256:`) of a value holding a secret, whose
     * text in `params` is masked; the key is per workspace, so the digest says "changed", never what.
     */
    secrets: z.record(z.string(), z.string()).optional(),
  });

  const recordedArtifactSchema = z.object({
    kind: z.string(),
    digest: z.string(),
    size: z.number(),
    path: z.string(),
    meta: z.unknown(),
  });

  /** A pipeline `outputs:` entry after the run. */
  const pipelineOutputSchema = z.union([
    z.strictObject({ artifact: recordedArtifactSchema }),
    /** The map of a matrix stage's members; skipped members are left out. */
    z.strictObject({ artifacts: z.record(z.string(), recordedArtifactSchema) }),
    /** An output that is not an artifact (e.g. a field of an artifact's `meta`). */
    z.strictObject({ value: z.json() }),
    /** Its producer was skipped (or did not succeed, or did not produce it): why. */
    z.strictObject({ absent: z.literal(true), reason: z.string() }),
  ]);

  const metricSchema = z.object({
    name: z.string(),
    value: z.number(),
    unit: z.string().optional(),
    better: z.enum(['lower', 'higher']).optional(),
  });

  const gateSchema = z.object({
    name: z.string(),
    metric: z.string(),
    value: z.number(),
    op: z.enum(['<=', '<', '>=', '>', '==']),
    bound: z.number(),
    unit: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    message: z.string().optional(),
    passed: z.boolean(),
  });

  const stageRecordSchema = z.object({
    id: z.string(),
    baseId: z.string(),
    uses: z.string(),
    matrix: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    status: stageStatus,
    /** Why a stage was skipped or cancelled (its `if:` was false, a dependency failed, Ctrl-C). */
    reason: z.string().optional(),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    durationMs: z.number().optional(),
    /** Attempts made (retries of transient failures included); 0 when it never ran. */
    attempts: z.number(),
    cache: z
      .object({
        key: z.string(),
        components: cacheComponentsSchema,
        /** False when `cache: false`, `--no-cache` or `--force` made the stage run regardless. */
        enabled: z.boolean(),
      })
      .optional(),
    outputs: z.record(z.string(), recordedArtifactSchema),
    metrics: z.array(metricSchema),
    gates: z.array(gateSchema),
    charts: z.array(chartDataSchema),
    summary: z.string().optional(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        hint: z.string().optional(),
        /**
         * Why an errored stage errored: `input` — the user's data or wiring (a dynamic shape, a feed that
         * does not match the model, a corrupt .npy, a missing dataset file); `infrastructure` — a tool
         * crashed, a server was unreachable, a timeout; `bug` — the stage broke its own contract. Absent
         * for failed gates and cancellations (and in records written before it existed).
         */
        kind: z.enum(['input', 'infrastructure', 'bug']).optional(),
      })
      .optional(),
    /** The stage log, relative to the run folder. */
    log: z.string().optional(),
    /**
     * Store objects this stage found damaged and rebuilt: the object (relative to the store), the
     * digest it should have had and the one found (absent when the object was missing).
     */
    storeRepairs: z.array(z.object({ object: z.string(), expected: z.string(), found: z.string().optional() })).optional(),
  });

  const runRecordSchema = z.object({
    schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
    runId: z.string(),
    pipeline: z.object({ name: z.string(), file: z.string() }),
    status: z.enum(['succeeded', 'failed', 'errored', 'cancelled']),
    /** 0 success, 1 a gate failed, 2 every errored stage failed on the user's input, 3 a stage errored otherwise, 130 interrupted. */
    exitCode: z.number(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number(),
    options: z.object({
      concurrency: z.number(),
      continueOn: z.enum(['never', 'dependencies-successful', 'always']),
      noCache: z.boolean(),
      force: z.array(z.string()),
    }),
    stages: z.array(stageRecordSchema),
    /** The pipeline's `outputs:` by name (optional: records written before they were recorded lack it). */
    outputs: z.record(z.string(), pipelineOutputSchema).optional(),
  });
  return { cacheComponentsSchema, recordedArtifactSchema, pipelineOutputSchema, stageRecordSchema, runRecordSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;
function schemas(): Schemas {
  built ??= buildSchemas();
  return built;
}

/** The schema of run.json (a lazy wrapper: see `buildSchemas`). */
export const runRecordSchema = z.lazy(() => schemas().runRecordSchema);

export type CacheComponents = z.infer<Schemas['cacheComponentsSchema']>;
export type RecordedArtifact = z.infer<Schemas['recordedArtifactSchema']>;
export type PipelineOutputRecord = z.infer<Schemas['pipelineOutputSchema']>;
export type StageRecord = z.infer<Schemas['stageRecordSchema']>;
export type RunRecord = z.infer<Schemas['runRecordSchema']>;
export type RunStatus = RunRecord['status'];

/** The JSON Schema of run.json, committed as `schemas/run.schema.json`. */
export function runRecordJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://pipeline.dev/schemas/run.schema.json',
    title: 'pipeline run record (run.json)',
    ...z.toJSONSchema(schemas().runRecordSchema, { target: 'draft-2020-12' }),
  } as Record<string, unknown>;
}
