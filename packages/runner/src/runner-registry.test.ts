import type { Tensor } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { defineRunnerEntry, type RunnerTarget } from './registry.js';
import type { Runner, RunnerLoadOptions } from './runner.js';
import { createRunnerRegistry } from './runner-registry.js';

/** A runner that remembers what it was opened with and echoes its input, so opening can be checked. */
function echoEntry<const Name extends string>(name: Name, opened: Array<[Name, RunnerTarget, RunnerLoadOptions | undefined]>) {
  return defineRunnerEntry({
    name,
    describe: `${name} for tests`,
    tools: [`${name}-tool`],
    open: async (target, options) => {
      opened.push([name, target, options]);
      const runner: Runner = {
        info: { backend: name, version: '0', executionProviders: ['cpu'] },
        inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
        outputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
        run: async (feeds: Readonly<Record<string, Tensor>>) => ({ ...feeds }),
        close: async () => {},
      };
      return runner;
    },
    probe: async (_env, purpose) => ({ [`${name}-tool`]: { found: true, version: `${name}-1`, unlocks: purpose } }),
  });
}

const noTools = { findTool: async () => ({ found: false }), env: {} };

describe('createRunnerRegistry', () => {
  it('keeps the names in registration order, for a z.enum', () => {
    const registry = createRunnerRegistry([echoEntry('a', []), echoEntry('b', [])]);
    expect(registry.names).toEqual(['a', 'b']);
    expect(registry.has('b')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.tools).toEqual(['a-tool', 'b-tool']);
  });

  it('opens the named entry only, with the target and options given', async () => {
    const opened: Array<['a' | 'b', RunnerTarget, RunnerLoadOptions | undefined]> = [];
    const registry = createRunnerRegistry([echoEntry('a', opened), echoEntry('b', opened)]);
    const runner = await registry.open('b', { path: '/m.onnx', kind: 'onnx-model' }, { intraOpThreads: 1 });
    expect(runner.info.backend).toBe('b');
    expect(opened).toEqual([['b', { path: '/m.onnx', kind: 'onnx-model' }, { intraOpThreads: 1 }]]);
  });

  it('gives a RunnerFactory that puts the model path into the target', async () => {
    const opened: Array<['a', RunnerTarget, RunnerLoadOptions | undefined]> = [];
    const registry = createRunnerRegistry([echoEntry('a', opened)]);
    await registry.factory('a', { settings: { url: 'http://127.0.0.1:1' } })('/x.onnx');
    expect(opened).toEqual([['a', { path: '/x.onnx', settings: { url: 'http://127.0.0.1:1' } }, undefined]]);
  });

  it('merges every entry’s probe and passes the purpose on', async () => {
    const registry = createRunnerRegistry([echoEntry('a', []), echoEntry('b', [])]);
    expect(await registry.probe(noTools, 'tests')).toEqual({
      'a-tool': { found: true, version: 'a-1', unlocks: 'tests' },
      'b-tool': { found: true, version: 'b-1', unlocks: 'tests' },
    });
  });

  it('lists one line per runner', () => {
    expect(createRunnerRegistry([echoEntry('a', []), echoEntry('b', [])]).describe().split('\n')).toEqual(['a — a for tests', 'b — b for tests']);
  });

  it('refuses a name registered twice, and accepts the same list without the duplicate', () => {
    expect(() => createRunnerRegistry([echoEntry('a', []), echoEntry('b', [])])).not.toThrow();
    expect(() => createRunnerRegistry([echoEntry('a', []), echoEntry('b', []), echoEntry('a', [])])).toThrow(/"a" is registered twice/);
  });

  it('refuses to get a name it does not hold (a bug: names come from a checked param)', () => {
    const registry = createRunnerRegistry([echoEntry('a', [])]);
    expect(registry.get('a').name).toBe('a');
    expect(() => registry.get('z' as 'a')).toThrow(/unknown runner "z" \(registered: a\)/);
  });
});
