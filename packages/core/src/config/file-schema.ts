// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { z } from 'zod';

/**
 * The pipeline file's structure, as zod schemas. They are the single source: the JSON Schema in
 * `schemas/pipeline.schema.json` and the ajv validator in `generated/` are generated from them, and they
 * type the checked result. What a stage's `with:` holds is checked per stage in the rules phase, since
 * plugins named in the file add stages the generated validator cannot know.
 *
 * Keep everything here expressible in JSON Schema (no `.refine`, no transforms): a test proves ajv and
 * these schemas accept and reject the same files.
 */

const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A stage id becomes a path part (its log, its work folder), so besides the identifier rule it may not
 * be a Windows device name (`CON`, `nul`, `COM1`…), which names a device, not a file, on Windows.
 * Written as a case-insensitive lookahead without flags, so JSON Schema can say it too.
 */
const stageId = /^(?![Cc][Oo][Nn]$|[Pp][Rr][Nn]$|[Aa][Uu][Xx]$|[Nn][Uu][Ll]$|[Cc][Oo][Mm][1-9]$|[Ll][Pp][Tt][1-9]$)[A-Za-z_][A-Za-z0-9_-]*$/;

// Built on first use (z.lazy): a file the generated ajv validator accepts needs none of them (see
// load-pipeline.ts), so `check` and `run` build them only for a file with problems or to write its
// JSON Schema.
/** The pipeline file's schema. */
export const PipelineFileSchema = z.lazy(() => {
  /** A stage id: the key under `stages:`; `@`, `=` and `,` are reserved for matrix member ids. */
  const StageIdSchema = z
    .string()
    .regex(stageId)
    .meta({ description: 'A stage id: letters, digits, `_` and `-`, starting with a letter or `_`; not a Windows device name (CON, NUL, COM1…).' });

  const MatrixValueSchema = z.union([z.string(), z.number(), z.boolean()]);

  const ParamDeclSchema = z
    .strictObject({
      type: z.enum(['string', 'number', 'boolean', 'enum']).meta({ description: 'How `-p key=value` is read and checked.' }),
      values: z.array(z.union([z.string(), z.number()])).min(1).optional().meta({ description: 'The allowed values of an `enum` param.' }),
      default: z.union([z.string(), z.number(), z.boolean()]).optional().meta({ description: 'Used when `-p` does not set the param; without it the param is required.' }),
      description: z.string().optional(),
    })
    .meta({ title: 'Pipeline param', description: 'A typed input of the pipeline, read as `${{ params.<name> }}` and set with `-p name=value`.' });

  const StageSpecSchema = z
    .strictObject({
      uses: z.string().min(1).meta({ description: 'The stage to run, e.g. `inspect/onnx` (see `pipeline stages`).' }),
      description: z.string().optional(),
      with: z
        .record(z.string(), z.unknown())
        .optional()
        .meta({ description: 'The stage’s artifact inputs and params. A literal path where an artifact is expected is hashed and checked.' }),
      needs: z
        .union([StageIdSchema, z.array(StageIdSchema)])
        .optional()
        .meta({ description: 'Stages to wait for beyond those referenced with `${{ stages.<id> }}` (inferred).' }),
      if: z
        .union([z.string(), z.boolean()])
        .optional()
        .meta({ description: 'Run only when this is true. A skipped stage yields no outputs: consumers must coalesce with `??` or be skipped too.' }),
      matrix: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.array(MatrixValueSchema).min(1))
        .optional()
        .meta({ description: 'Fans the stage out into one member per combination, with ids like `convert@precision=fp16`.' }),
      timeout: z
        .union([z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/), z.number().positive()])
        .optional()
        .meta({ description: 'Kills the stage after this long: `90s`, `10m`, `1h`, or a number of seconds.' }),
      retries: z.int().min(0).max(10).optional().meta({ description: 'Attempts after the first, for transient failures only.' }),
      cache: z.boolean().optional().meta({ description: 'Set false to always run this stage.' }),
    })
    .meta({ title: 'Stage', description: 'One step of the pipeline.' });

  const BaselineThresholdSchema = z
    .strictObject({
      stage: z.string().min(1).meta({ description: 'The stage whose metric is compared (a stage id, or a matrix member id such as `convert@precision=fp16`).' }),
      metric: z.string().min(1).meta({ description: 'The metric name as run.json records it, e.g. `latency.p99_ms`.' }),
      max_increase_pct: z.number().nonnegative().optional().meta({ description: 'Fail when the metric grows by more than this percentage of the baseline figure.' }),
      max_drop_pct: z.number().nonnegative().optional().meta({ description: 'Fail when the metric falls by more than this percentage of the baseline figure.' }),
      max_increase: z.number().nonnegative().optional().meta({ description: 'Fail when the metric grows by more than this amount (in its own unit).' }),
      max_drop: z.number().nonnegative().optional().meta({ description: 'Fail when the metric falls by more than this amount (in its own unit), e.g. 0.003 of top-1 accuracy.' }),
    })
    .meta({ title: 'Baseline threshold', description: 'One metric compared with the baseline run: give at least one of max_increase_pct, max_drop_pct, max_increase, max_drop.' });

  const BaselineSchema = z
    .strictObject({
      run: z.string().min(1).meta({ description: 'A previous run.json (relative to the pipeline file), e.g. a baseline kept in git.' }),
      thresholds: z.array(BaselineThresholdSchema).min(1),
    })
    .meta({ title: 'Baseline', description: 'Compares this run’s metrics with a previous run’s after the run: a breach fails the run (exit 1); a change inside the stage’s measured run-to-run spread (`stability.spread_pct`) is reported as within noise.' });

  return z
    .strictObject({
      $schema: z.string().optional(),
      name: z.string().min(1).optional().meta({ description: 'The pipeline’s name; defaults to the file name.' }),
      description: z.string().optional(),
      params: z.record(z.string().regex(identifier), ParamDeclSchema).optional(),
      env: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number(), z.boolean()]))
        .optional()
        .meta({ description: 'Environment variables stages see; values may use `${{ params.x }}` and the calling `${{ env.X }}`.' }),
      secrets: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
        .optional()
        .meta({ description: 'Names of environment variables passed to stages whose values are masked in every output.' }),
      plugins: z
        .array(z.string().min(1))
        .optional()
        .meta({ description: 'Extra stage packages (npm names) or local files (`./stages.mjs`) exporting a plugin.' }),
      stages: z.record(StageIdSchema, StageSpecSchema).meta({ description: 'The stages, by id.' }),
      outputs: z
        .record(z.string().regex(identifier), z.string())
        .optional()
        .meta({ description: 'Named results of the pipeline, e.g. `model: ${{ stages.convert.outputs.model }}`.' }),
      baseline: BaselineSchema.optional(),
      literal_inputs: z
        .enum(['in-place', 'copy'])
        .optional()
        .meta({
          description:
            'How stages read a literal path given where an artifact is expected. `in-place` (default): the file stays where it is, hashed once and checked unchanged (by its size, times and inode) before and after each stage that reads it; nothing is copied. `copy`: each is copied into `.pipeline/store` first (a reflink where the file system has them), so later edits cannot reach a running stage.',
        }),
    })
    .meta({ title: 'pipeline file', description: 'A declarative pipeline: an ONNX model to a validated, benchmarked deployment.' });
});

export type PipelineFile = z.output<typeof PipelineFileSchema>;
export type StageSpec = PipelineFile['stages'][string];
export type BaselineThreshold = NonNullable<PipelineFile['baseline']>['thresholds'][number];
export type ParamDecl = NonNullable<PipelineFile['params']>[string];
