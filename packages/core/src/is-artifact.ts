import type { Artifact } from '@pipeline/sdk';

/**
 * True when a resolved value is one artifact (kind, digest and path), not a `many` port's map of them
 * or a plain expression value.
 */
export function isArtifact(value: unknown): value is Artifact {
  return typeof value === 'object' && value !== null && typeof (value as Artifact).digest === 'string' && typeof (value as Artifact).path === 'string' && typeof (value as Artifact).kind === 'string';
}
