import type { Diagnostic } from '@pipeline/errors';
import type { AnyKind, AnyStage, Artifact, InputPort } from '@pipeline/sdk';
import type { Damage } from '../config/damage.js';
import type { StageSpec } from '../config/file-schema.js';
import type { NodePath, PipelineSource } from '../config/source.js';
import type { StageRegistry } from '../registry/stage-registry.js';
import type { StageMember } from './matrix.js';

/** What the planner knows of one `stages:` entry while it checks the others against it. */
export interface StageInfo {
  baseId: string;
  spec: StageSpec;
  /** Undefined when `uses:` names no installed stage (already reported). */
  stage: AnyStage | undefined;
  members: StageMember[];
  /** Output kinds per member id, from `kindFor(params)` when the params are known at plan time. */
  outputKinds: Map<string, Record<string, AnyKind>>;
  /** Optional outputs each member will not produce for its params (`producedWhen`), per member id. */
  absentOutputs: Map<string, Set<string>>;
  /** Has an `if:`: it may be skipped, and then yields no outputs. */
  conditional: boolean;
}

/** Shared state of one `loadPipeline` call's rules phase; problems accumulate in `diagnostics`. */
export interface PlanContext {
  source: PipelineSource;
  registry: StageRegistry;
  baseDir: string;
  params: Record<string, unknown>;
  /** The pipeline's env (declared `env:` and set secrets), as stages see it. */
  env: Record<string, string>;
  /** Names expressions may read under `env.`: declared env and secrets. */
  envNames: ReadonlySet<string>;
  /** Secret names: expressions reading them stay unevaluated until run time, so values never enter the plan. */
  secretNames: ReadonlySet<string>;
  stages: Map<string, StageInfo>;
  /** What the structure phase found broken: checks stay silent about what it would only repeat. */
  damage: Damage;
  diagnostics: Diagnostic[];
  /** Ingests a literal path for an input port; reports its own problems and returns undefined then. */
  ingest(relativePath: string, port: InputPort, path: NodePath, stageId: string): Promise<Artifact | undefined>;
}
