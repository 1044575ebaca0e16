import { builtinRunners } from '@pipeline/builtin-runners';
import { describe, expect, it } from 'vitest';
import { validateParamsSchema } from './params.js';

describe('validate params: runner', () => {
  it('accepts every runner of the registry and refuses a name it does not hold', () => {
    for (const name of builtinRunners.names) expect(validateParamsSchema.parse({ runner: name }).runner).toBe(name);
    const result = validateParamsSchema.safeParse({ runner: 'no-such-runner' });
    expect(result.error?.issues[0]?.path).toEqual(['runner']);
  });
});
