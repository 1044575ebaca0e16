import type { ShapeProfile, ValueSpecMeta } from '@pipeline/kinds';
import type { TrtexecProfile, TrtexecShapeBounds } from '@pipeline/tensorrt';
import type { ConvertTensorrtParams } from './params.js';

type Bounds = { min: number[]; opt: number[]; max: number[] };

/**
 * The profiles to build: the inspect artifact's suggested profile (one min/opt/max per dynamic input)
 * under each profile the user gives, the user's bounds winning part by part. No user profiles → the
 * suggestion alone. Static inputs need no entry.
 */
export function resolveProfiles(suggested: readonly ShapeProfile[], user: ConvertTensorrtParams['profiles']): Record<string, Bounds>[] {
  const base: Record<string, Bounds> = {};
  for (const s of suggested) base[s.input] = { min: [...s.min], opt: [...s.opt], max: [...s.max] };
  if (!user || user.length === 0) return Object.keys(base).length > 0 ? [base] : [];
  return user.map((profile) => {
    const merged: Record<string, Bounds> = structuredClone(base);
    for (const [input, b] of Object.entries(profile)) {
      const from = merged[input];
      const min = b.min ?? from?.min ?? b.opt ?? b.max;
      const opt = b.opt ?? from?.opt ?? b.max ?? b.min;
      const max = b.max ?? from?.max ?? b.opt ?? b.min;
      if (min && opt && max) merged[input] = { min, opt, max };
    }
    return merged;
  });
}

/** Dynamic inputs (a non-numeric dim) that no profile covers: trtexec would set their dims to 1. */
export function uncoveredDynamicInputs(inputs: readonly ValueSpecMeta[], profiles: readonly TrtexecProfile[]): string[] {
  const covered = (name: string) => profiles.length > 0 && profiles.every((p) => (p[name] as TrtexecShapeBounds | undefined) !== undefined);
  return inputs.filter((i) => i.shape?.some((d) => typeof d !== 'number') && !covered(i.name)).map((i) => i.name);
}
