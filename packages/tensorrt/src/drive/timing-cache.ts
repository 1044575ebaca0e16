import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `<file>.lock` while `use` runs, so two builds never write one timing cache at once (TensorRT
 * rewrites the whole file at the end of a build). A lock left by a dead process is taken over. Waits
 * up to `waitMs` (default 10 min: another build may be running), or until `signal` aborts.
 */
export async function withTimingCacheLock<T>(file: string, use: () => Promise<T>, options: { signal?: AbortSignal; waitMs?: number } = {}): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const deadline = Date.now() + (options.waitMs ?? 600_000);
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timing cache ${file} is locked by process ${holder || '?'} (${lock})`);
      await sleep(200, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
  try {
    return await use();
  } finally {
    await rm(lock, { force: true });
  }
}
