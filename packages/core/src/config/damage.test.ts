import { describe, expect, it } from 'vitest';
import { pruneBroken } from './damage.js';

describe('pruneBroken', () => {
  it('gives up when the frame is broken: not a map, or no stages map', () => {
    expect(pruneBroken([], [[]])).toBeUndefined();
    expect(pruneBroken({ name: 'x' }, [['stages']])).toBeUndefined();
    expect(pruneBroken({ stages: [] }, [['stages']])).toBeUndefined();
  });

  it('drops broken nodes and says what later checks must not repeat', () => {
    const file = {
      params: { ok: { type: 'string' }, bad: { type: 'choice' } },
      plugins: ['a.mjs', 3, 'b.mjs', ''],
      secrets: ['TOKEN', 'bad name'],
      stages: {
        a: { uses: 'x', timeout: 'soon', with: {} },
        b: { uses: 'x', with: [] },
        c: { uses: 'x', wiht: {} },
        d: { with: {} },
      },
    };
    const pruned = pruneBroken(file, [['params', 'bad', 'type'], ['plugins', 1], ['plugins', 3], ['secrets', 1], ['stages', 'a', 'timeout'], ['stages', 'b', 'with'], ['stages', 'c', 'wiht'], ['stages', 'd', 'uses']]);
    expect(pruned?.value).toEqual({
      params: { ok: { type: 'string' } },
      plugins: ['a.mjs', 'b.mjs'],
      secrets: ['TOKEN'],
      stages: { a: { uses: 'x', with: {} }, b: { uses: 'x' }, c: { uses: 'x' } },
    });
    const damage = pruned!.damage;
    expect([...damage.params, ...damage.env, ...damage.opaqueStages, ...damage.uncheckedBodies, ...damage.uncheckedMissing]).toEqual(['bad', 'bad name', 'd', 'b', 'c']);
    expect(damage.plugins).toBe(true);
    expect(file.stages.a.timeout).toBe('soon');
  });
});
