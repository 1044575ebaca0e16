import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { guardProcessGroup } from './exec-process-group.js';

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('guardProcessGroup', () => {
  it('kills the whole tree if this process exits first, and forgets it once released', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const hooks: Array<() => void> = [];
    let removed = 0;
    const guard = guardProcessGroup(child, {
      graceMs: 1000,
      drainMs: 1000,
      onExit: (hook) => {
        hooks.push(hook as () => void);
        return () => removed++;
      },
    });
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const grandchild = Number(chunk.toString().trim());
    expect(hooks).toHaveLength(1);
    hooks[0]?.(); // what signal-exit does when the runner exits
    await once(child, 'close');
    expect(child.signalCode).toBe('SIGKILL');
    await vi.waitFor(() => expect(isAlive(grandchild)).toBe(false), { timeout: 2000, interval: 20 });
    guard.release();
    expect(removed).toBe(1);
  });
});
