import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StageFailedError } from '@pipeline/errors';
import { defineStage, input, output, textKind } from '@pipeline/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outputOf, planned, planOf } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-services-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// A loopback HTTP server on a free port that prints its URL, and also starts a child of its own
// (which must go with it: the whole process group is stopped).
const SERVER = `
const http = require('node:http');
const { spawn } = require('node:child_process');
if (process.env.EXIT_EARLY) process.exit(4);
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const server = http.createServer((req, res) => res.end('pong ' + grandchild.pid));
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

/** Starts the server above as a service and writes its URL as the output. */
const serviceStage = defineStage({
  name: 'test/service',
  version: 1,
  description: 'starts a loopback HTTP server as a service',
  inputs: {},
  params: z.object({ exitEarly: z.boolean().default(false) }),
  outputs: { url: output(textKind) },
  cacheable: false,
  async run({ startService, writeOutput, params }) {
    const service = await startService(process.execPath, ['-e', SERVER], {
      ready: (line) => /listening on (http:\S+)/.exec(line)?.[1],
      healthUrl: (url) => `${url}/health`,
      timeoutMs: 10_000,
      ...(params.exitEarly ? { env: { EXIT_EARLY: '1' } } : {}),
    });
    return { outputs: { url: { path: await writeOutput('url.txt', service.value), meta: {} } } };
  },
});

/** Calls the service; records what it answered; fails or waits when asked. */
const clientStage = defineStage({
  name: 'test/client',
  version: 1,
  description: 'calls the service',
  inputs: { url: input(textKind) },
  params: z.object({ fail: z.boolean().default(false), waitMs: z.number().default(0) }),
  outputs: { answer: output(textKind) },
  cacheable: false,
  async run({ inputs, readText, writeOutput, params, signal }) {
    const url = await readText(inputs.url);
    const answer = await fetch(url).then((r) => r.text());
    await writeFile(join(dir, 'answer.txt'), `${url}\n${answer}`);
    if (params.waitMs) await new Promise((r) => setTimeout(r, params.waitMs));
    signal.throwIfAborted();
    if (params.fail) throw new StageFailedError('E_TEST', 'the consumer failed');
    return { outputs: { answer: { path: await writeOutput('answer.txt', answer), meta: {} } } };
  },
});

/** Whether a process still runs: a zombie (exited, not yet reaped by a PID 1 that never reaps) does not. */
const alive = async (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
};
const refuses = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/** What the client saw: the service's URL, and the pid of the process the service itself started. */
async function seen(): Promise<{ url: string; grandchild: number }> {
  const [url, answer] = (await readFile(join(dir, 'answer.txt'), 'utf8')).split('\n');
  return { url: url ?? '', grandchild: Number(answer?.split(' ')[1]) };
}

const plan = (client: Record<string, unknown> = {}, service: Record<string, unknown> = {}) =>
  planOf([planned('serve', serviceStage, { params: service }), planned('client', clientStage, { inputs: { url: outputOf('serve', 'url') }, params: client })], { baseDir: dir });

describe('services', () => {
  it('a service answers its consumers, and nothing of it is left when the run ends', async () => {
    const record = await runPlan(plan(), { workspace: join(dir, '.pipeline') });
    expect(record.status).toBe('succeeded');
    const { url, grandchild } = await seen();
    expect(await readFile(record.stages[1]?.outputs.answer?.path ?? '', 'utf8')).toBe(`pong ${grandchild}`);
    expect(await refuses(url)).toBe(true);
    expect(await alive(grandchild)).toBe(false);
  });

  it('is stopped when a consumer fails, and when the run is cancelled', async () => {
    const failed = await runPlan(plan({ fail: true }), { workspace: join(dir, '.pipeline') });
    expect(failed.status).toBe('errored');
    let s = await seen();
    expect(await refuses(s.url)).toBe(true);
    expect(await alive(s.grandchild)).toBe(false);
    const controller = new AbortController();
    await rm(join(dir, 'answer.txt'), { force: true });
    const running = runPlan(plan({ waitMs: 5000 }), { workspace: join(dir, '.pipeline'), signal: controller.signal });
    for (let i = 0; i < 200; i++) {
      if (await readFile(join(dir, 'answer.txt'), 'utf8').then((t) => t.includes('pong'), () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    s = await seen();
    expect(await refuses(s.url)).toBe(false); // up while its consumer runs
    controller.abort();
    const cancelled = await running;
    expect(cancelled.status).toBe('cancelled');
    expect(await refuses(s.url)).toBe(true);
  });

  it('a service that exits before it is ready fails its stage (exit 3) and its consumers do not run', async () => {
    const record = await runPlan(plan({}, { exitEarly: true }), { workspace: join(dir, '.pipeline') });
    expect(record.stages.map((s) => s.status)).toEqual(['errored', 'skipped']);
    expect(record.stages[0]?.error?.code).toBe('E_SERVICE_START');
  });
});
