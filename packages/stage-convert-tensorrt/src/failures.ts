import { InvalidInputError, StageFailedError, ToolMissingError } from '@pipeline/errors';
import { parseTensorrtVersion, TRTEXEC_NOT_FOUND, type TrtexecOptionProblem, type TrtexecRunFailure } from '@pipeline/tensorrt';
import { checkEngineForTriton, TRITON_TENSORRT_RELEASES } from '@pipeline/triton';
import { ConvertTensorrtCode, TRTEXEC_FAILURE_CODE } from './codes.js';

/** No trtexec could be found: exit 3, with the way out. */
export function trtexecNotFound(reason: string): ToolMissingError {
  return new ToolMissingError(ConvertTensorrtCode.TrtexecNotFound, TRTEXEC_NOT_FOUND, { hint: reason });
}

/** Options the detected trtexec cannot honour: the user's mistake, exit 2, before anything is built. */
export function optionProblems(problems: readonly TrtexecOptionProblem[], target: string): InvalidInputError {
  const lines = problems.map((p) => `  ${p.field}: ${p.message}`);
  return new InvalidInputError(ConvertTensorrtCode.TrtexecOption, `${problems.length} option(s) cannot be used with ${target}:\n${lines.join('\n')}`, {
    hint: [...new Set(problems.map((p) => p.hint))].join('; '),
  });
}

/**
 * A trtexec run that did not pass: its class, the evidence lines, the hint and a one-line repro.
 * trtexec rejecting an option is the user's mistake (exit 2: only extra_args can reach it, since the
 * stage's own flags are gated by the help text); anything else is the tool's (exit 3).
 */
export function trtexecFailed(failure: TrtexecRunFailure, repro: string): StageFailedError | InvalidInputError {
  const evidence = failure.evidence.length > 0 ? `\n${failure.evidence.map((l) => `  | ${l.split('\n')[0]}`).join('\n')}` : '';
  const message = `trtexec failed [${failure.class}]: ${failure.summary}${evidence}\n  reproduce: ${repro}`;
  const options = { hint: failure.hint };
  const code = TRTEXEC_FAILURE_CODE[failure.class];
  if (code === ConvertTensorrtCode.TrtexecOption) return new InvalidInputError(code, message, options);
  return new StageFailedError(code, message, options);
}

/** Triton releases whose TensorRT is `version` (same a.b.c), for "build with …" and "serve with …" advice. */
export function releasesFor(version: string): string[] {
  const v = parseTensorrtVersion(version);
  if (!v) return [];
  return TRITON_TENSORRT_RELEASES.filter((r) => {
    const row = parseTensorrtVersion(r.tensorrt);
    return row !== undefined && row.major === v.major && row.minor === v.minor && row.patch === v.patch;
  }).map((r) => `${r.release} (${r.variant})`);
}

/** The Triton guard: an engine of `version` must load in `release`, else exit 2 naming the matching release. */
export function guardTriton(version: string, release: string, warn: (m: string) => void): void {
  const check = checkEngineForTriton({ engineTensorrtVersion: version, tritonRelease: release });
  if (check.ok) {
    if (check.diagnostic) warn(`${check.diagnostic.message}${check.diagnostic.hint ? ` (${check.diagnostic.hint})` : ''}`);
    return;
  }
  const matching = releasesFor(version);
  const serveWith = matching.length > 0 ? `; an engine of TensorRT ${version} loads in Triton ${matching.join(', ')}` : `; no Triton release in the table ships TensorRT ${version}`;
  throw new InvalidInputError(check.diagnostic.code, `${check.diagnostic.message}${serveWith}`, check.diagnostic.hint ? { hint: check.diagnostic.hint } : {});
}
