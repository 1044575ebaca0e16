// A key zod would drop without a word. A stage's nested params are often plain `z.object`s, which
// strip keys they do not know: `gates: { max_p99_mz: 3 }` parsed to `gates: {}`, and the gate the user
// meant never ran. The walk follows the `with:` value as compiled (its keys are known at plan time even
// where the values are `${{ }}` expressions) beside the stage's schema, and names every such key.
import type { z } from 'zod';
import type { Binding } from './types.js';

/** A key the schema does not have, where it is, and the keys it does have there. */
export interface UnknownKey {
  path: (string | number)[];
  known: string[];
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema a value is checked against once optional/default/nullable/pipe wrappers are looked through. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(schema);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined) ?? (def.type === 'lazy' ? def.getter?.() : undefined);
    if (!inner) return schema;
    schema = inner;
  }
  return schema;
}

/** The one option of a union whose keys the value uses (the data sources' `random:` / `files:`), if exactly one. */
function unionOption(options: z.ZodType[], binding: Binding): z.ZodType | undefined {
  if (binding.type !== 'object') return undefined;
  const keys = Object.keys(binding.entries);
  const matching = options.map(unwrap).filter((option) => {
    const shape = defOf(option).shape;
    return shape !== undefined && keys.some((key) => Object.hasOwn(shape, key));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

/**
 * Keys in `binding` that `schema` would strip silently (a plain `z.object` has no catch-all). Strict
 * objects are left to zod, which reports their unknown keys itself; loose ones keep every key.
 */
export function unknownKeys(schema: z.ZodType, binding: Binding, path: (string | number)[] = []): UnknownKey[] {
  const target = unwrap(schema);
  const def = defOf(target);
  if (def.type === 'object' && def.shape && binding.type === 'object') {
    const found: UnknownKey[] = [];
    for (const [key, entry] of Object.entries(binding.entries)) {
      const field = def.shape[key];
      if (field) found.push(...unknownKeys(field, entry, [...path, key]));
      else if (def.catchall === undefined) found.push({ path: [...path, key], known: Object.keys(def.shape) });
      else found.push(...unknownKeys(def.catchall, entry, [...path, key]));
    }
    return found;
  }
  if (def.type === 'array' && def.element && binding.type === 'array') {
    const element = def.element;
    return binding.items.flatMap((item, i) => unknownKeys(element, item, [...path, i]));
  }
  if (def.type === 'record' && def.valueType && binding.type === 'object') {
    const valueType = def.valueType;
    return Object.entries(binding.entries).flatMap(([key, entry]) => unknownKeys(valueType, entry, [...path, key]));
  }
  if (def.type === 'union' && def.options) {
    const option = unionOption(def.options, binding);
    return option ? unknownKeys(option, binding, path) : [];
  }
  return [];
}
