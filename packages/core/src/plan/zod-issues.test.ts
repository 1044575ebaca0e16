import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { specificIssues } from './zod-issues.js';

const source = z.object({
  data: z.union([z.strictObject({ random: z.strictObject({ count: z.number() }) }), z.strictObject({ files: z.strictObject({ glob: z.string() }) })]),
});
const issuesOf = (value: unknown) => {
  const result = source.safeParse(value);
  return result.success ? [] : specificIssues(result.error.issues).map((i) => ({ code: i.code, path: i.path.join('.') }));
};

describe('specificIssues', () => {
  it('turns a union issue into the issues of the one option the value meant', () => {
    expect(issuesOf({ data: { random: { count: 4 } } })).toEqual([]);
    expect(issuesOf({ data: { random: { count: 'four' } } })).toEqual([{ code: 'invalid_type', path: 'data.random.count' }]);
    expect(issuesOf({ data: { files: { glob: 7 } } })).toEqual([{ code: 'invalid_type', path: 'data.files.glob' }]);
  });
  it('keeps the union issue when the value meant no option, or several', () => {
    expect(issuesOf({ data: { neither: {} } })).toEqual([{ code: 'invalid_union', path: 'data' }]);
    expect(issuesOf({ data: { random: { count: 'x' }, files: { glob: 1 } } })).toEqual([{ code: 'invalid_union', path: 'data' }]);
  });
});
