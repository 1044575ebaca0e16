import type { Exec } from './exec.js';

/** What a probe found of one external tool. Versions enter the cache key of the stages that probe them. */
export interface ToolInfo {
  found: boolean;
  path?: string;
  version?: string;
  /** What having it unlocks, shown by `pipeline doctor` (e.g. "TensorRT engine builds"). */
  unlocks?: string;
  /** Why it was not found or is unusable, with what to do. */
  detail?: string;
}

export interface FindToolOptions {
  /** Arguments that print the version; default `['--version']`. */
  versionArgs?: readonly string[];
  /** Extracts the version from the output's first match group; default: the first `\d+(\.\d+)+`. */
  versionPattern?: RegExp;
  /** Explicit paths to try before `PATH`. */
  candidates?: readonly string[];
  unlocks?: string;
}

/** What a probe may use; injected so probes are testable without the machine's tools. */
export interface ProbeEnv {
  findTool(name: string, options?: FindToolOptions): Promise<ToolInfo>;
  exec: Exec;
  /** The environment variables the pipeline allows stages to see. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Tool name → what was found. Anything else that decides the output (GPU model, library version) goes in too. */
export type ProbeResult = Record<string, ToolInfo>;
