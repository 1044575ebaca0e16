// The onnxruntime session settings a model config asks for reach its instance processes: the threads
// (`intra_op_thread_count`, seen as ONNX Runtime's worker threads in the process) and whether they spin
// (`session.intra_op.allow_spinning`, `session.force_spinning_stop`, on the instance's command line, what it opens its session with); a
// value that cannot be read fails that model's load with its reason while the others serve.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@pipeline/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDoubleModel } from './support/serve-repository.js';

let repository: string;
const parameters = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => `parameters { key: "${key}" value: { string_value: "${value}" } }\n`).join('');
const MODELS = {
  one_sleeping: parameters({ intra_op_thread_count: '1' }),
  three_spinning: parameters({ intra_op_thread_count: '3', 'session.intra_op.allow_spinning': '1', 'session.force_spinning_stop': '1' }),
  unreadable: parameters({ 'session.intra_op.allow_spinning': 'yes' }),
};

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'serve-settings-'));
  for (const [name, extra] of Object.entries(MODELS)) {
    await mkdir(join(repository, name, '1'), { recursive: true });
    await writeDoubleModel(join(repository, name, '1/model.onnx'));
    await writeFile(join(repository, name, 'config.pbtxt'), `max_batch_size: 8\ninstance_group [ { count: 1 } ]\n${extra}`);
  }
});
afterAll(async () => {
  await rm(repository, { recursive: true, force: true });
});

/** This process's instance processes, by the model folder on their command line. */
function instances(): Map<string, { pid: number; settings: { intraOpThreads: number; spinning: boolean; stopSpinningAfterRun: boolean } }> {
  const found = new Map<string, { pid: number; settings: { intraOpThreads: number; spinning: boolean; stopSpinningAfterRun: boolean } }>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.some((a) => a.endsWith('session-host.js'))) continue;
      const settings = JSON.parse(argv.at(-2) ?? '{}') as { modelPath: string; intraOpThreads: number; spinning: boolean; stopSpinningAfterRun: boolean };
      const model = Object.keys(MODELS).find((name) => settings.modelPath.includes(`/${name}/`));
      if (model !== undefined) found.set(model, { pid: Number(entry), settings });
    } catch {
      // It exited while being read.
    }
  }
  return found;
}

const threadCount = (pid: number) => readdirSync(`/proc/${pid}/task`).length;

describe("a model's session parameters", () => {
  it('reach its instance, and an unreadable one fails that model alone, with its reason', async () => {
    const server = await startServer({ repository, port: 0 });
    try {
      const running = instances();
      expect(running.get('one_sleeping')?.settings).toMatchObject({ intraOpThreads: 1, spinning: false, stopSpinningAfterRun: false });
      expect(running.get('three_spinning')?.settings).toMatchObject({ intraOpThreads: 3, spinning: true, stopSpinningAfterRun: true });
      expect(running.has('unreadable')).toBe(false);
      // ONNX Runtime's intra-op pool of n threads runs n - 1 threads beside the caller's: two more here.
      expect(threadCount(running.get('three_spinning')!.pid) - threadCount(running.get('one_sleeping')!.pid)).toBe(2);
      const index = (await (await fetch(`${server.url}/v2/repository/index`, { method: 'POST', body: '{}' })).json()) as { name: string; state: string; reason?: string }[];
      expect(index.find((m) => m.name === 'unreadable')).toMatchObject({ state: 'UNAVAILABLE', reason: expect.stringMatching(/parameter 'session\.intra_op\.allow_spinning' must be "0" or "1", got 'yes'/) });
      const body = JSON.stringify({ inputs: [{ name: 'y', shape: [1, 2], datatype: 'FP32', data: [1.5, -2] }] });
      for (const name of ['one_sleeping', 'three_spinning']) {
        const answer = (await (await fetch(`${server.url}/v2/models/${name}/infer`, { method: 'POST', body })).json()) as { outputs: { data: number[] }[] };
        expect(answer.outputs[0]?.data).toEqual([3, -4]);
      }
    } finally {
      await server.close();
    }
  });
});
