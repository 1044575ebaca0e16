// Each model instance of `pipeline serve` is a process of its own (one ONNX Runtime session each): none
// outlives the server, whether it closes, stops on SIGTERM or is killed outright, and the death of an
// instance is reported to the requests that needed it.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@pipeline/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDoubleModel } from './support/serve-repository.js';
import { repoRoot } from './support/test-models.js';

let repository: string;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'serve-inst-'));
  for (const [name, count] of [['double', 2], ['single', 1]] as const) {
    await mkdir(join(repository, name, '1'), { recursive: true });
    await writeDoubleModel(join(repository, name, '1/model.onnx'));
    await writeFile(join(repository, name, 'config.pbtxt'), `max_batch_size: 8\ninstance_group [ { count: ${count} } ]\n`);
  }
});
afterAll(async () => {
  await rm(repository, { recursive: true, force: true });
});

/** The instance processes whose parent is `pid`, read from /proc (what `ps --ppid` shows). */
function instancesOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('session-host.js');
      } catch {
        return false; // It exited while being read.
      }
    })
    .map(Number);
}

/** Whether a process has onnxruntime-node's native binding mapped (as any of its threads would share it). */
const ortLoaded = (pid: number) => readFileSync(`/proc/${pid}/maps`, 'utf8').includes('onnxruntime_binding.node');

const alive = (pid: number) => {
  try {
    // A zombie (exited, not yet reaped) counts as gone.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (condition()) return true;
  return condition();
}

const body = JSON.stringify({ inputs: [{ name: 'y', shape: [1, 2], datatype: 'FP32', data: [1.5, -2] }] });

describe('model instances are processes', () => {
  it('runs one process per instance and leaves none after close()', async () => {
    const server = await startServer({ repository, port: 0 });
    const pids = instancesOf(process.pid);
    try {
      expect(pids).toHaveLength(3);
      const answer = (await (await fetch(`${server.url}/v2/models/double/infer`, { method: 'POST', body })).json()) as { outputs: { data: number[] }[] };
      expect(answer.outputs[0]?.data).toEqual([3, -4]);
    } finally {
      await server.close();
    }
    expect(pids.filter(alive)).toEqual([]);
  });

  it("answers 500 naming the instance's death once no instance of the model is left", async () => {
    const server = await startServer({ repository, port: 0 });
    try {
      const before = instancesOf(process.pid);
      // Kill every instance process from outside, as the kernel's OOM killer or a crash would. The request
      // after it fails whether the server has seen the deaths yet (no instance left) or not (its run's died).
      const first = await fetch(`${server.url}/v2/models/single/infer`, { method: 'POST', body });
      expect(first.status).toBe(200);
      for (const pid of before) process.kill(pid, 'SIGKILL');
      expect(await until(() => before.every((pid) => !alive(pid)), 10_000)).toBe(true);
      const late = await fetch(`${server.url}/v2/models/single/infer`, { method: 'POST', body });
      expect(late.status).toBe(500);
      expect(((await late.json()) as { error: string }).error).toMatch(/died \(process \d+ exited, signal SIGKILL\)/);
    } finally {
      await server.close();
    }
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('leaves no instance behind when `pipeline serve` gets %s', async (signal) => {
    const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/dist/bin.cjs'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let pids: number[] = [];
    try {
      expect(await until(() => /serving .* at http/.test(out), 30_000)).toBe(true);
      pids = instancesOf(child.pid!);
      expect(pids).toHaveLength(3);
      // The cause of the old native aborts, checked directly: ONNX Runtime's binding is loaded by the instance
      // processes, each one JavaScript environment, and never by the server's process (with its threads).
      expect(ortLoaded(child.pid!)).toBe(false);
      expect(pids.map(ortLoaded)).toEqual(pids.map(() => true));
    } finally {
      child.kill(signal);
      await exited;
    }
    expect(await until(() => pids.every((pid) => !alive(pid)), 10_000)).toBe(true);
  });
});
