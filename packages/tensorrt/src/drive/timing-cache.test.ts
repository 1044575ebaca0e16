import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withTimingCacheLock } from '@pipeline/tensorrt';
import { describe, expect, it } from 'vitest';

describe('withTimingCacheLock', () => {
  it('runs builds of one timing cache one after the other, and removes the lock after', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tc-')), 'timing.cache');
    const order: string[] = [];
    const build = (name: string) =>
      withTimingCacheLock(file, async () => {
        order.push(`${name} start`);
        expect(existsSync(`${file}.lock`)).toBe(true);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name} end`);
      });
    await Promise.all([build('a'), build('b')]);
    // Whichever gets the lock first, the other starts only after it ended.
    const first = order[0]?.split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(order).toEqual([`${first} start`, `${first} end`, `${second} start`, `${second} end`]);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that is gone, but waits for a live one', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tc-')), 'timing.cache');
    // A pid far above any pid_max in use is a process that does not exist.
    writeFileSync(`${file}.lock`, '2147483646');
    expect(await withTimingCacheLock(file, async () => 'built')).toBe('built');
    writeFileSync(`${file}.lock`, String(process.pid));
    await expect(withTimingCacheLock(file, async () => 'built', { waitMs: 300 })).rejects.toThrow(/locked by process/);
  });
});
