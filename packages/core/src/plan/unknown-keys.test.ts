import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Binding } from './types.js';
import { unknownKeys } from './unknown-keys.js';

const loc = { file: 'deploy.yaml', line: 1, column: 1 };
/** A compiled `with:` value: objects and lists as the planner makes them, scalars as values, `$x` as an expression. */
function bind(value: unknown): Binding {
  if (typeof value === 'string' && value.startsWith('$')) return { type: 'expression', source: value, loc } as unknown as Binding;
  if (Array.isArray(value)) return { type: 'array', items: value.map(bind), loc };
  if (value !== null && typeof value === 'object') return { type: 'object', entries: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bind(v)])), loc };
  return { type: 'value', value, loc };
}
const paths = (schema: z.ZodType, value: unknown) => unknownKeys(schema, bind(value)).map((u) => u.path.join('.'));

describe('unknownKeys', () => {
  const gates = z.object({ max_p99_ms: z.number().optional(), min_throughput: z.number().optional() }).prefault({});
  it('finds the key a plain z.object would strip, through wrappers, with the keys it knows', () => {
    expect(paths(gates, { max_p99_ms: 3 })).toEqual([]);
    expect(gates.parse({ max_p99_mz: 3 })).toEqual({}); // what the user got before: no gate, no word
    expect(unknownKeys(gates, bind({ max_p99_mz: 3 }), ['gates'])).toEqual([{ path: ['gates', 'max_p99_mz'], known: ['max_p99_ms', 'min_throughput'] }]);
    expect(paths(gates, { max_p99_ms: '$p', min_througput: '$q' })).toEqual(['min_througput']);
  });
  it('walks nested objects, arrays, records and the one union option the keys name', () => {
    const schema = z.object({
      list: z.array(z.object({ kind: z.string() })).optional(),
      byName: z.record(z.string(), z.object({ atol: z.number() })),
      source: z.union([z.object({ random: z.object({ seed: z.number() }) }), z.object({ files: z.object({ glob: z.string() }) })]),
    });
    expect(paths(schema, { list: [{ kind: 'a' }, { kind: 'b', knd: 'c' }], byName: { x: { atol: 1, rtol: 2 } }, source: { random: { seed: 1, sed: 2 } } })).toEqual([
      'list.1.knd',
      'byName.x.rtol',
      'source.random.sed',
    ]);
  });
  it('leaves strict objects to zod (which reports their keys) and keeps every key of a loose one', () => {
    expect(paths(z.strictObject({ a: z.number() }), { a: 1, b: 2 })).toEqual([]);
    expect(paths(z.looseObject({ a: z.number() }), { a: 1, b: 2 })).toEqual([]);
  });
});
