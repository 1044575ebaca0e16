import { hasTrtexecFlag, type TrtexecFlagSet } from '../help.js';
import { formatTensorrtVersion, type TensorrtVersion } from '../version.js';

/** The trtexec an argv is built for: its version, and its help text's flags when they were read. */
export interface TrtexecTarget {
  version: TensorrtVersion;
  /** From `trtexec --help`; absent for a version known only by number (11.x: no help text was available). */
  flags?: TrtexecFlagSet;
}

/**
 * TensorRT 11 removes these (strong typing is always on). No 11.x help text was available to this
 * project: this list is from the reference's flag table (sampleOptions.cpp of v11.1), so 11.x is
 * gated from documentation only.
 */
export const TRT11_REMOVED_FLAGS: readonly string[] = ['fp16', 'bf16', 'fp8', 'int4', 'best', 'calib', 'precisionConstraints', 'layerPrecisions', 'layerOutputTypes'];

/** Flags that appeared in 10.0 (absent from 8.6.1's help), for targets without a help text. */
const SINCE_10: readonly string[] = ['bf16', 'stronglyTyped', 'profile'];

/**
 * Whether `flag` (no dashes) exists in the target. With a help text, that text decides (plus the
 * documented 11.x removals); without one, the documented tables do.
 */
export function trtexecHasFlag(target: TrtexecTarget, flag: string): boolean {
  if (target.version.major >= 11 && TRT11_REMOVED_FLAGS.includes(flag)) return false;
  if (target.flags) return hasTrtexecFlag(target.flags, flag);
  if (target.version.major < 10 && SINCE_10.includes(flag)) return false;
  return true;
}

/** `TensorRT 10.16.1` (or `TensorRT 11.1.0, gated from documentation: no 11.x help text`), for messages. */
export function describeTarget(target: TrtexecTarget): string {
  const version = `TensorRT ${formatTensorrtVersion(target.version)}`;
  return target.flags ? version : `${version} (flags gated from documentation: no help text of this version was read)`;
}
