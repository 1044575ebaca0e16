import { UsageError } from '@pipeline/errors';
import type { TensorSpec } from '@pipeline/tensor';

/** How dynamic dims get a size when data is generated rather than read. */
export interface ShapeHints {
  /** Symbolic dim name → size, e.g. `{ batch: 4, height: 48 }`. Checked first. */
  dims?: Record<string, number>;
  /** Size of a dynamic first axis (the batch) when `dims` does not name it. */
  batch?: number;
  /** Input name → a full concrete shape, e.g. the opt shape of the model's optimisation profile. */
  profiles?: Record<string, readonly number[]>;
}

function dimName(axis: number, dim: string | null): string {
  return dim === null ? `axis ${axis}` : `axis ${axis} ("${dim}")`;
}

/**
 * The concrete shape to generate for an input: static dims as declared, dynamic ones from `dims` by
 * name, then `batch` for axis 0, then the profile shape; otherwise a UsageError naming the input and dim.
 */
export function resolveShape(spec: TensorSpec, hints: ShapeHints): number[] {
  const profile = hints.profiles?.[spec.name];
  if (spec.shape === undefined) {
    if (profile !== undefined) return [...profile];
    throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}" has no known rank, so random data needs its whole shape`, {
      hint: `give it as a profile shape, e.g. profiles: { ${spec.name}: [1, 3, 224, 224] }`,
    });
  }
  if (profile !== undefined && profile.length !== spec.shape.length) {
    throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}": the profile shape [${profile.join(', ')}] has rank ${profile.length}, the model says ${spec.shape.length}`);
  }
  return spec.shape.map((dim, axis) => {
    if (typeof dim === 'number') return dim;
    const named = dim === null ? undefined : hints.dims?.[dim];
    const size = named ?? (axis === 0 ? hints.batch : undefined) ?? profile?.[axis];
    if (size === undefined) {
      const example = dim === null ? `a profile shape for "${spec.name}"` : `dims: { "${dim}": <size> }`;
      throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}": ${dimName(axis, dim)} is dynamic and no size was given for it`, {
        hint: `give ${example}${axis === 0 ? ' or batch: <size>' : ''}`,
      });
    }
    if (!Number.isInteger(size) || size < 0) {
      throw new UsageError('E_DYNAMIC_SHAPE', `input "${spec.name}": ${dimName(axis, dim)} was given size ${size}, which is not a non-negative integer`);
    }
    return size;
  });
}
