import { type Diagnostic, InvalidInputError, UsageError } from '@pipeline/errors';
import { formatTensorrtVersion, parseTensorrtVersion, type TensorrtVersion } from '@pipeline/tensorrt';
import { findTritonRelease, type TritonImageVariant, type TritonTensorrtRelease } from './releases.js';

export interface EngineForTritonInput {
  /** The TensorRT that built the engine: `10.3.0`, `10.3.0.26`, or parsed (e.g. from the plan header). */
  engineTensorrtVersion: string | TensorrtVersion;
  /** Triton container release, `YY.MM`. */
  tritonRelease: string;
  variant?: TritonImageVariant;
}

export type EngineForTritonCheck =
  | { ok: true; release?: TritonTensorrtRelease; diagnostic?: Diagnostic }
  | { ok: false; release: TritonTensorrtRelease; diagnostic: Diagnostic };

/** The fix the maintainers give (server#5812): build where Triton's own TensorRT is. */
export function tritonBuildFix(release: string): string {
  return `build the engine with nvcr.io/nvidia/tensorrt:${release}-py3 or with the trtexec inside nvcr.io/nvidia/tritonserver:${release}-py3 (/usr/src/tensorrt/bin/trtexec)`;
}

/** `8.6` (a minor line) as a partial version; `8.6.1[.2]` as a full one. */
function parseRowVersion(text: string): { version: TensorrtVersion; parts: number } | undefined {
  const full = parseTensorrtVersion(text);
  if (full) return { version: full, parts: full.build === undefined ? 3 : 4 };
  const m = /^(\d+)\.(\d+)$/.exec(text);
  return m ? { version: { major: Number(m[1]), minor: Number(m[2]), patch: 0 }, parts: 2 } : undefined;
}

/** Refuses a Triton release that is not a container tag's date part (`24.05`), whether or not an engine needs it now. */
export function assertTritonReleaseFormat(release: string): void {
  if (!/^\d\d\.\d\d$/.test(release)) {
    throw new UsageError('E_TRITON_RELEASE_FORMAT', `Triton release "${release}" is not of the form YY.MM`, { hint: 'write the container tag’s date part, e.g. 24.05' });
  }
}

/**
 * Checks that an engine can load in a Triton release. TensorRT plans load only in the TensorRT
 * version that built them, so a different major.minor.patch is an error (with the fix) when the
 * table's row is verified, and a warning when the row only stands in for the release.
 */
export function checkEngineForTriton(input: EngineForTritonInput): EngineForTritonCheck {
  const { tritonRelease: release } = input;
  assertTritonReleaseFormat(release);
  const engine = typeof input.engineTensorrtVersion === 'string' ? parseTensorrtVersion(input.engineTensorrtVersion) : input.engineTensorrtVersion;
  if (!engine) {
    throw new UsageError('E_TENSORRT_VERSION_FORMAT', `TensorRT version "${String(input.engineTensorrtVersion)}" is not of the form a.b.c[.d]`);
  }
  const engineText = formatTensorrtVersion(engine);
  const row = findTritonRelease(release, input.variant ?? 'py3');
  if (!row) {
    return {
      ok: true,
      diagnostic: {
        code: 'W_TRITON_RELEASE_UNKNOWN',
        severity: 'warning',
        message: `no TensorRT version is known for Triton ${release}; cannot check that the engine (TensorRT ${engineText}) will load`,
        hint: `check the Frameworks Support Matrix, or ${tritonBuildFix(release)}`,
      },
    };
  }
  const expected = parseRowVersion(row.tensorrt);
  const same =
    expected !== undefined &&
    engine.major === expected.version.major &&
    engine.minor === expected.version.minor &&
    (expected.parts === 2 || engine.patch === expected.version.patch);
  if (!same) {
    const diagnostic: Diagnostic = {
      code: row.verified ? 'E_TRITON_TENSORRT_MISMATCH' : 'W_TRITON_TENSORRT_MISMATCH',
      severity: row.verified ? 'error' : 'warning',
      message: `the engine was built with TensorRT ${engineText} but Triton ${release} (${row.variant}) ships TensorRT ${row.tensorrt}${row.verified ? '' : ' (unverified)'}: Triton will refuse to load it`,
      hint: tritonBuildFix(release),
    };
    return row.verified ? { ok: false, release: row, diagnostic } : { ok: true, release: row, diagnostic };
  }
  if (expected.parts === 4 && engine.build !== undefined && engine.build !== expected.version.build) {
    return {
      ok: true,
      release: row,
      diagnostic: {
        code: 'W_TRITON_TENSORRT_BUILD_DIFFERS',
        severity: 'warning',
        message: `the engine's TensorRT build ${engineText} differs from Triton ${release}'s ${row.tensorrt} in the build number only`,
        hint: `if Triton rejects the plan, ${tritonBuildFix(release)}`,
      },
    };
  }
  return { ok: true, release: row };
}

/** `checkEngineForTriton` that throws the error (exit 2) instead of returning it. */
export function assertEngineForTriton(input: EngineForTritonInput): EngineForTritonCheck & { ok: true } {
  const result = checkEngineForTriton(input);
  if (!result.ok) {
    throw new InvalidInputError(result.diagnostic.code, result.diagnostic.message, result.diagnostic.hint ? { hint: result.diagnostic.hint } : {});
  }
  return result;
}
