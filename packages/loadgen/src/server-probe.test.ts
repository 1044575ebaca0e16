import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { httpServerProbe } from './server-probe.js';

const stats = {
  model_stats: [
    {
      name: 'ens',
      version: '1',
      last_inference: 0,
      inference_count: 4,
      execution_count: 4,
      inference_stats: { success: { count: 4, ns: 4000 }, fail: { count: 0, ns: 0 }, queue: { count: 4, ns: 400 }, compute_input: { count: 4, ns: 0 }, compute_infer: { count: 4, ns: 2000 }, compute_output: { count: 4, ns: 0 }, cache_hit: { count: 0, ns: 0 }, cache_miss: { count: 0, ns: 0 } },
      batch_stats: [],
    },
  ],
};
const metrics = 'nv_gpu_utilization{gpu_uuid="GPU-a"} 0.5\nnv_gpu_power_usage{gpu_uuid="GPU-a"} 80\n';
const seen: { url: string | undefined; auth: string | undefined }[] = [];
/** A server answering the statistics and metrics requests as Triton does. */
const server = http.createServer((req, res) => {
  seen.push({ url: req.url, auth: req.headers.authorization });
  if (req.url === '/v2/models/stats') res.setHeader('content-type', 'application/json').end(JSON.stringify(stats));
  else if (req.url === '/metrics') res.end(metrics);
  else res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('httpServerProbe (through kserve-client)', () => {
  it('reads the statistics and the GPU gauges with the target’s headers', async () => {
    const probe = httpServerProbe(base, { headers: { authorization: 'Bearer t' }, metricsUrl: `${base}/metrics` });
    expect(await probe.modelStats()).toEqual(stats.model_stats);
    expect((await probe.metrics())?.gpus).toEqual([expect.objectContaining({ uuid: 'GPU-a', utilization: 0.5, powerUsageWatts: 80 })]);
    await probe.close?.();
    expect(seen.map((s) => s.auth)).toEqual(['Bearer t', 'Bearer t']);
  });

  it('a server without statistics or metrics, or no server at all, gives undefined rather than an error', async () => {
    const noMetrics = httpServerProbe(base, {});
    expect(await noMetrics.metrics()).toBeUndefined(); // no metrics URL given: not asked
    await noMetrics.close?.();
    const wrongPlace = httpServerProbe(`${base}/gateway`, { metricsUrl: `${base}/nothing`, timeoutMs: 1000 });
    expect(await wrongPlace.modelStats()).toBeUndefined();
    expect(await wrongPlace.metrics()).toBeUndefined();
    await wrongPlace.close?.();
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const dead = httpServerProbe(`http://127.0.0.1:${deadPort}`, { timeoutMs: 1000 });
    expect(await dead.modelStats()).toBeUndefined();
    await dead.close?.();
  });
});
