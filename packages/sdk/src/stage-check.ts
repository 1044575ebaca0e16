/**
 * A stage's own rules about its `with:` that its zod params schema cannot say (one of two params is
 * required, a placeholder must name a declared input). `check` runs when the pipeline is checked, with
 * what is known then, and again just before `run` with everything resolved, so a mistake `check` could
 * see never surfaces as a failed run, and one it could not see is still the user's (exit 2), not the stage's.
 */
export interface StageCheckInput {
  /** Param values known now (all of them just before `run`); a param given as a run-time expression is absent here. */
  params: Readonly<Record<string, unknown>>;
  /** Params given in `with:` whose values are not known yet (they read other stages' outputs, secrets or tools). */
  unresolved: readonly string[];
  /**
   * Params whose value reads a secret (`secrets:`). Secrets are masked in logs and records, but not in
   * names: a stage refuses them where a value becomes a file or folder name.
   */
  secretParams: readonly string[];
  /** The input ports given in `with:`, by port name. */
  inputs: Readonly<Record<string, StageCheckPortInput>>;
}

/** What an input port is given: one entry per artifact (a `many` port may have several). */
export interface StageCheckPortInput {
  /**
   * Per artifact: the key the plan gives it (for a `many` port the path as written or the producing
   * stage's id; else the port name) and its file name when known (a literal path; an output of another
   * stage is known only once that stage ran, so undefined at check time).
   */
  artifacts: readonly { key: string; fileName: string | undefined }[];
}

/** One problem `check` found, located under the stage's `with:`. */
export interface StageCheckProblem {
  /** A stable code, e.g. `E_EXEC_PARAMS`. */
  code: string;
  message: string;
  /** A param or input name, then keys or indexes inside its value; [] means the `with:` block itself. */
  path: readonly (string | number)[];
  hint?: string;
}

export type StageCheck = (input: StageCheckInput) => StageCheckProblem[];
