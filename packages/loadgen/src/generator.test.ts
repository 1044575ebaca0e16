import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './faulty-server.testing.js';
import { startLoadGenerator } from './generator.js';
import type { TargetSpec } from './types.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const target = (url: string, timeout_ms = 2000): TargetSpec => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  bodies: [Buffer.from('{"inputs":[]}')],
  timeout_ms,
  connect_timeout_ms: 1000,
});
const short = { window_ms: 150, max_windows: 4, stability_pct: 50 };

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const gone = async (pid: number) => {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
};

describe('load generator (a process of its own) against a loopback server', () => {
  it('measures from its own process, which ends with close() and when the process that started it is killed', async () => {
    server.behave({ kind: 'ok' });
    const gen = startLoadGenerator(target(server.url));
    const pid = gen.pid as number;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const m = await gen.measure({ mode: 'concurrency', concurrency: 1 }, { ...short, max_windows: 3 });
    expect(m.requests_ok).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    await gen.close();
    expect(await gone(pid)).toBe(true);

    // A parent killed with SIGKILL runs no clean-up: the generator must still end (its IPC channel closes).
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `const { startLoadGenerator } = await import(${JSON.stringify(dist)});
const gen = startLoadGenerator(${JSON.stringify(target(server.url))});
console.log(gen.pid);
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await gone(childPid)).toBe(true);
  });


  it('concurrency mode keeps exactly N requests in flight and times each from send to last byte', async () => {
    server.behave({ kind: 'ok', delayMs: 10 });
    server.stats.maxInFlight = 0;
    const before = server.stats.received;
    const gen = startLoadGenerator(target(server.url));
    const m = await gen.measure({ mode: 'concurrency', concurrency: 3 }, short);
    await gen.close();
    expect(server.stats.maxInFlight).toBe(3);
    expect(m.max_in_flight).toBe(3);
    // Every request the server answered was counted by some window (the merged ones are the last three).
    const counted = m.windows.reduce((a, w) => a + w.completed, 0);
    expect(counted).toBeLessThanOrEqual(server.stats.received - before);
    expect(counted).toBeGreaterThan(0);
    // The server waited 10 ms before answering: libuv times that from its cached loop clock, which may lag
    // the request's arrival by up to a millisecond or so, and the histogram's bucket at 10 ms is 8 µs wide.
    expect(m.latency?.min_ms).toBeGreaterThanOrEqual(8.5);
    expect(m.latency?.p50_ms).toBeGreaterThanOrEqual(9);
    expect(m.windows.length).toBeGreaterThanOrEqual(m.stable ? 3 : short.max_windows);
    expect(m.errors_by_kind).toEqual({});
  });

  it('request-rate mode reports the achieved rate, and says when the asked one was not sustained', async () => {
    server.behave({ kind: 'ok', delayMs: 100 });
    const gen = startLoadGenerator(target(server.url));
    // At most 2 in flight and 100 ms each: at most 20 requests/s can start, whatever is asked.
    const m = await gen.measure({ mode: 'request-rate', rate_per_s: 200, distribution: 'constant', max_in_flight: 2 }, { ...short, window_ms: 300 });
    await gen.close();
    expect(m.max_in_flight).toBe(2);
    expect(m.started_per_s).toBeLessThanOrEqual(2 * (1000 / 100) * 1.1);
    expect(m.started_per_s).toBeGreaterThan(0);
  });

  it('counts failures by kind without hanging: 5xx, reset, timeout, refused', async () => {
    const gen = startLoadGenerator(target(server.url, 300));
    server.behave({ kind: 'status', status: 503 });
    const five = await gen.measure({ mode: 'concurrency', concurrency: 2 }, { ...short, max_windows: 3 });
    expect(five.errors_by_kind.http_5xx).toBeGreaterThan(0);
    expect(five.requests_ok).toBe(0);
    expect(five.latency).toBeUndefined();
    server.behave({ kind: 'reset' });
    const reset = await gen.measure({ mode: 'concurrency', concurrency: 2 }, { ...short, max_windows: 3 });
    expect(Object.keys(reset.errors_by_kind)).toEqual(['reset']);
    server.behave({ kind: 'hang' });
    const hang = await gen.measure({ mode: 'concurrency', concurrency: 2 }, { ...short, window_ms: 400, max_windows: 3 });
    expect(hang.windows.reduce((a, w) => a + (w.errors ?? 0), 0)).toBeGreaterThan(0);
    expect(Object.keys(hang.errors_by_kind)).toEqual(['timeout']);
    await gen.close();
    server.behave({ kind: 'ok' });
    const dead = await startTestServer();
    await dead.close();
    const refusedGen = startLoadGenerator(target(dead.url, 300));
    const refused = await refusedGen.measure({ mode: 'concurrency', concurrency: 2 }, { ...short, max_windows: 3 });
    await refusedGen.close();
    expect(Object.keys(refused.errors_by_kind)).toEqual(['refused']);
  });

  it('a count window ends at its count', async () => {
    server.behave({ kind: 'ok' });
    const gen = startLoadGenerator(target(server.url));
    const m = await gen.measure({ mode: 'concurrency', concurrency: 2 }, { mode: 'count', request_count: 40, max_windows: 3, stability_pct: 1000, max_window_ms: 5000 });
    await gen.close();
    expect(m.windows).toHaveLength(3);
    // A window closes when its count is reached; requests already in flight (at most 2) complete in the next.
    for (const w of m.windows) expect(w.completed).toBeGreaterThanOrEqual(40);
    for (const w of m.windows) expect(w.completed).toBeLessThanOrEqual(40 + 2);
  });
});
