import { UsageError } from '@pipeline/errors';
import { defineStage } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outputOf, planned, value } from '../run/plan-builder.testing.js';
import { resolveStageParams } from './resolve.js';
import type { RunScope } from './types.js';

const echo = defineStage({
  name: 'test/echo',
  version: 1,
  description: 'takes an argv list',
  inputs: {},
  params: z.object({ command: z.array(z.string()) }),
  outputs: {},
  run: async () => ({ outputs: {} }),
});

const scope = (stages: RunScope['stages']): RunScope => ({ params: {}, env: {}, matrix: {}, tools: {}, stages });
const withCommand = (items: ReturnType<typeof value>[]) => {
  const stage = planned('b', echo);
  stage.params = { command: { type: 'array', items, loc: undefined } };
  return stage;
};

describe('resolveStageParams', () => {
  it('names the skipped producer and its output when a param reads a missing output, not "Invalid input"', () => {
    const stage = withCommand([value('echo'), outputOf('a', 'file')]);
    let error: unknown;
    try {
      resolveStageParams(stage, scope({ a: { status: 'skipped', outputs: {} } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('E_SKIPPED_PRODUCER');
    expect((error as UsageError).message).toBe('param "command.1" of stage b has no value: `stages.a.outputs.file` reads stages.a.outputs.file, and stage a was skipped');
    expect((error as UsageError).hint).toMatch(/coalesce/);
  });

  it('says when the producer ran but did not produce the output', () => {
    const stage = withCommand([outputOf('a', 'file')]);
    expect(() => resolveStageParams(stage, scope({ a: { status: 'succeeded', outputs: {} } }))).toThrow(/stage a \(succeeded\) has no output "file"/);
  });

  it('keeps E_PARAM_INVALID for a value that is present but wrong', () => {
    const stage = withCommand([value(3)]);
    expect(() => resolveStageParams(stage, scope({}))).toThrow(expect.objectContaining({ code: 'E_PARAM_INVALID' }));
  });
});
