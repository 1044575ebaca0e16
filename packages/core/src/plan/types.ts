import type { SourceLocation } from '@pipeline/errors';
import type { BaselineThreshold } from '@pipeline/reports';
import type { RunRecord } from '@pipeline/reports/run-record';
import type { AnyKind, AnyStage, Artifact } from '@pipeline/sdk';

/**
 * The contract between checking/planning (Foundation I) and running (Foundation II).
 * A Plan is fully checked: every reference resolves, kinds match, the graph is acyclic.
 * What cannot be known before running (upstream outputs, `if:` on their metadata) stays as
 * compiled expressions that the runner evaluates with `RunScope` once the producers have finished.
 */
export interface Plan {
  /** Absolute path of the pipeline file. */
  file: string;
  /** The folder relative paths are resolved against (the pipeline file's folder). */
  baseDir: string;
  name: string;
  description: string;
  /** Pipeline params after defaults and `-p key=value` overrides. */
  params: Record<string, unknown>;
  /** `env:` values resolved, plus the secrets named (values masked in every output). */
  env: Record<string, string>;
  /** Values to mask in logs, reports and errors. */
  secrets: string[];
  /** Planned stages in a topological order (producers before consumers). */
  stages: PlannedStage[];
  /** Pipeline `outputs:` — name → expression over stage outputs. */
  outputs: Record<string, Binding>;
  /** `baseline:` — the previous run (read at check time) and the thresholds judged after the run. */
  baseline?: PlanBaseline;
  /** Every literal path ingested at plan time, as hashed then (absent: none). */
  literals?: LiteralInput[];
  /** `literal_inputs:` — stages read literal paths where they are (default) or from a copy in the store. */
  literalInputs?: LiteralInputMode;
}

/** `in-place`: a stage gets the user's own file, verified on use; `copy`: an independent copy in the store. */
export type LiteralInputMode = 'in-place' | 'copy';

/** A literal path given where an artifact is expected, as the planner hashed it. */
export interface LiteralInput {
  /** Absolute path of the file or folder. */
  path: string;
  layout: 'file' | 'directory';
  /** The artifact's digest: of the file with its companions, or of a folder's manifest. */
  digest: string;
  size: number;
  /** Files its kind says travel with it (an ONNX model's external data), relative to its folder. */
  companions: readonly string[];
}

export interface PlanBaseline {
  /** `baseline.run` as written (relative to the pipeline file). */
  run: string;
  /** Its absolute path. */
  file: string;
  record: RunRecord;
  thresholds: BaselineThreshold[];
}

export type MatrixValue = string | number | boolean;

export interface PlannedStage {
  /** Unique id: the key in `stages:`, with matrix values for members: `convert@precision=fp16`. */
  id: string;
  /** The key in `stages:` (`convert`) — shared by all members of a matrix. */
  baseId: string;
  /** This member's matrix values ({} for a stage without `matrix:`). */
  matrix: Record<string, MatrixValue>;
  /** The `uses:` name and the stage definition it resolved to. */
  uses: string;
  stage: AnyStage;
  /** Where the stage is declared (its key in `stages:`). */
  loc: SourceLocation;
  /** Ids of planned stages this one waits for: explicit `needs:` plus those inferred from references. */
  needs: string[];
  /** Artifact inputs by port name. A port with `many: true` binds a map producer-id → artifact. */
  inputs: Record<string, Binding>;
  /** Params as written, with expressions still to evaluate; `resolveParams` applies the zod schema. */
  params: Record<string, Binding>;
  /** `if:` condition; the stage is skipped when it evaluates falsy. */
  if: Binding | undefined;
  timeoutMs: number | undefined;
  /** Attempts after the first, for transient failures only. */
  retries: number;
  /** False when `cache: false` is set on the stage, or the stage is not cacheable. */
  cache: boolean;
  /** The exact kind each output will have, known from params at plan time. */
  outputKinds: Record<string, AnyKind>;
}

/**
 * A value in `with:`, `if:` or `outputs:`: either known at plan time or an expression that needs
 * upstream outputs. `loc` points at the YAML node so run-time errors can still name file:line:col.
 */
export type Binding =
  | { type: 'value'; value: unknown; loc: SourceLocation | undefined }
  | { type: 'artifact'; artifact: Artifact; loc: SourceLocation | undefined }
  | { type: 'expression'; source: string; evaluate: (scope: RunScope) => unknown; loc: SourceLocation | undefined }
  | { type: 'object'; entries: Record<string, Binding>; loc: SourceLocation | undefined }
  | { type: 'array'; items: Binding[]; loc: SourceLocation | undefined };

/** Outcome of one stage as the runner records it; what `stages.<id>` means inside expressions. */
export type StageStatus = 'succeeded' | 'cached' | 'failed' | 'errored' | 'skipped' | 'cancelled';

export interface StageOutcome {
  status: StageStatus;
  outputs: Record<string, Artifact>;
}

/** What expressions see at run time. */
export interface RunScope {
  params: Record<string, unknown>;
  env: Record<string, string>;
  matrix: Record<string, MatrixValue>;
  tools: Record<string, unknown>;
  /** Finished stages by id (matrix members by full id; a matrix base id maps to all members). */
  stages: Record<string, StageOutcome>;
}
