import type { ProcessGroupRegistry } from './process-guardian.js';
import type { ProbeEnv, ProbeResult } from '@pipeline/sdk';
import type { Plan } from '../plan/types.js';
import type { CacheIndex } from './cache-index.js';
import type { ContentStore } from './content-store.js';
import type { FileHasher } from './file-hasher.js';
import type { LiteralInputs } from './literal-inputs.js';
import type { RunEvents } from './run-events.js';
import type { RunServices } from './run-services.js';
import type { SecretKeying } from './secret-params.js';
import type { WorkspaceLayout } from './workspace-layout.js';

/** What every stage of one run shares; built once by `runPlan`. */
export interface RunContext {
  runId: string;
  /** `<workspace>/runs/<run-id>`. */
  runDir: string;
  layout: WorkspaceLayout;
  plan: Plan;
  store: ContentStore;
  cacheIndex: CacheIndex;
  hasher: FileHasher;
  /** The plan's literal paths: verified where they are before and after use, or copied (`literal_inputs`). */
  literals: LiteralInputs;
  events: RunEvents;
  mask: (text: string) => string;
  /** Secret values and the workspace key for their digests in cache key components (undefined: no secrets). */
  secretKeying: SecretKeying | undefined;
  clock: () => number;
  /** Aborted on Ctrl-C: stages end `cancelled`. */
  runSignal: AbortSignal;
  noCache: boolean;
  /** Stage ids (or base ids of a matrix) that run even on a cache hit. */
  force: ReadonlySet<string>;
  /** Environment a subprocess sees. */
  childEnv: Record<string, string>;
  /** The probe environment, given or the default one. */
  probeEnv: ProbeEnv | undefined;
  /** Probe results by stage name: each stage kind probes once per run. */
  probeCache: Map<string, Promise<ProbeResult>>;
  /** Every tool any probe found so far (what `${{ tools.x }}` sees). */
  tools: Record<string, unknown>;
  killGraceMs: number;
  /** Every process group the run starts, for its guardian and the next run's reaping (process-guardian.ts). */
  processGroups: ProcessGroupRegistry;
  /** Services stages started; stopped when the run ends. */
  services: RunServices;
}
