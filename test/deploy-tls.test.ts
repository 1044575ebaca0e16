// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';
import { type DeployTarget, packageAndDeployStages, startDeployTarget } from './support/deploy-target.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';
import { ocrModels } from './support/test-models.js';

// Triton's HTTP endpoint has no TLS of its own (its SSL options are for gRPC): https reaches it through a
// TLS-terminating proxy. Here `pipeline serve` (its own process) stands behind a test-only https proxy
// (test/support/fault-proxy.ts) with a certificate for 127.0.0.1 signed by a CA made by openssl for this
// test, and the proxy answers 401 to any request without the pipeline's auth header.
const TOKEN = 'tls-test-token';

/** A benchmark/server stage with the server settings as given; after the deploy when `needs` says so. */
const benchmarkStage = (server: string, needs: boolean) => `  load:
    uses: benchmark/server
${needs ? '    needs: [deploy]\n' : ''}    with:
      ${server}
      model: cls
      onnx: ${ocrModels.cls}
      data: { random: { count: 2, dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 64 } } }
      window: { ms: 150, max_windows: 3, stability_pct: 100 }
      timeout_ms: 3000
`;

let target: DeployTarget;
let proxy: FaultProxy;
let certs: TestCertificates;
let dir: string;
beforeAll(async () => {
  certs = makeTestCertificates();
  target = await startDeployTarget();
  proxy = await startFaultProxy(target.serve.url, { tls: certs });
  proxy.rule = () => 'pass';
  dir = scratchDir('deploy-tls-');
  const tls = { ca: '${{ env.TRITON_CA }}', reject_unauthorized: '${{ params.verify }}' };
  const server = `url: \${{ env.TRITON_URL }}\n      headers: { Authorization: "Bearer \${{ env.TRITON_TOKEN }}" }\n      tls: ${JSON.stringify(tls)}`;
  writeFileSync(
    path.join(dir, 'deploy.yaml'),
    `name: deploy-tls
params:
  verify: { type: boolean, default: true }
env:
  TRITON_URL: \${{ env.TRITON_URL }}
  TRITON_CA: \${{ env.TRITON_CA }}
secrets: [TRITON_TOKEN]
${packageAndDeployStages([server, "load: { concurrency: '1:2:x2', window_ms: 150, max_windows: 3, stability_pct: 100 }", 'ready_timeout_ms: 5000', 'request_timeout_ms: 3000'])}${benchmarkStage(server, true)}`,
  );
});
afterAll(async () => {
  await proxy?.close();
  await target?.stop();
});

interface StageRecord {
  id: string;
  status: string;
  outputs: Record<string, { path: string }>;
}

async function run(env: Record<string, string>, ...args: string[]) {
  const result = await runCli(['run', 'deploy.yaml', '--json', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', TRITON_URL: proxy.url, TRITON_TOKEN: TOKEN, TRITON_CA: certs.ca, ...env } });
  if (!result.stdout.trim()) throw new Error(`no run record (exit ${result.code}): ${result.stderr}`);
  const record = JSON.parse(result.stdout) as { stages: StageRecord[] };
  const stage = (id: string) => record.stages.find((s) => s.id === id);
  return { ...result, stage };
}

/** The server's own count of successful inference requests per version of a model (asked directly, not through the proxy). */
async function successCounts(model: string): Promise<Record<string, number>> {
  const stats = (await fetch(`${target.serve.url}/v2/models/${model}/stats`).then((r) => r.json())) as { model_stats: { version: string; inference_stats: { success: { count: number } } }[] };
  return Object.fromEntries(stats.model_stats.map((s) => [s.version, s.inference_stats.success.count]));
}

describe('deploy/triton and benchmark/server over https (a TLS-terminating proxy before pipeline serve)', () => {
  it('deploys with the CA given; every request carries the auth header, and all load goes to the URL named', async () => {
    const seenBefore = proxy.seen.length;
    const { code, stderr, stage } = await run({});
    expect(code, stderr).toBe(0);
    expect(stage('deploy')?.status).toBe('succeeded');
    const report = JSON.parse(readFileSync(stage('deploy')?.outputs.report?.path ?? '', 'utf8'));
    expect(report).toMatchObject({ outcome: 'deployed', entry: 'cls', url: proxy.url });
    const load = benchmarkReportSchema.parse(JSON.parse(readFileSync(stage('load')?.outputs.report?.path ?? '', 'utf8')));
    // The server split comes from /v2/models/stats read over the same https with the same CA.
    expect(load.results[0]?.server?.success_count).toBeGreaterThan(0);
    const seen = proxy.seen.slice(seenBefore);
    expect(seen.filter((r) => r.authorization !== `Bearer ${TOKEN}`)).toEqual([]);
    const version = String(report.version);
    const asked = (pattern: RegExp) => seen.filter((r) => pattern.test(`${r.method} ${r.path}`)).length;
    expect(asked(/^POST \/v2\/repository\/models\/cls\/load$/)).toBe(1);
    expect(asked(new RegExp(`^POST /v2/models/cls/versions/${version}/infer$`))).toBeGreaterThan(1); // smoke + deploy's load test
    expect(asked(/^POST \/v2\/models\/cls\/infer$/)).toBeGreaterThan(0); // benchmark/server
    expect(asked(/^GET \/v2\/models\/stats$/)).toBeGreaterThanOrEqual(4); // before and after each load, both stages
    // The new version is new: every inference the server counted for it came through the proxy.
    expect((await successCounts('cls'))[version]).toBe(asked(/^POST \/v2\/models\/cls(\/versions\/\d+)?\/infer$/));
  });

  it('without the CA the deploy fails at connect with E_KSERVE_TLS, exit 3, no stack trace, and the server is left as it was', async () => {
    const before = await target.readyVersions('cls');
    const { code, stderr, stage } = await run({ TRITON_CA: '' });
    expect(code).toBe(3);
    expect(stage('deploy')?.status).toBe('errored');
    expect(stage('load')?.status).toBe('skipped');
    expect(stderr).toContain('E_KSERVE_TLS');
    expect(stderr).toMatch(/certificate/i);
    expect(stderr).toContain('nothing on the server had changed yet');
    expect(stderr).toContain('hint: give the CA that signed the server’s certificate as tls.ca');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(await target.readyVersions('cls')).toEqual(before);
  });

  it('a certificate the pipeline does not trust appearing mid-deploy: the load test counts tls errors, exit 3, and the deploy rolls back', async () => {
    // Triton keeps no copy of a version pushed through the load API: a rollback reloads the repository's.
    const before = await target.onDisk('cls');
    const stranger = makeTestCertificates(); // signed by another CA
    // Once the smoke inference arrives, new connections get the stranger's certificate (the deploy's client
    // keeps its open connection; the load test's fresh ones fail the handshake) until three handshakes
    // failed, when the right one is back, so the rollback reaches the server however its client connects.
    let failedHandshakes = 0;
    proxy.onHandshakeFailure = () => {
      if (++failedHandshakes === 3) proxy.setCertificate(certs);
    };
    proxy.rule = (method, url) => {
      if (method === 'POST' && /\/versions\/\d+\/infer$/.test(url) && failedHandshakes === 0) proxy.setCertificate(stranger);
      return 'pass';
    };
    try {
      const { code, stderr, stage } = await run({});
      expect(code).toBe(3);
      expect(stage('deploy')?.status).toBe('errored');
      expect(stderr).toContain('E_DEPLOY_SERVER_FAULTS');
      expect(stderr).toMatch(/\d+ tls/);
      expect(stderr).toContain('the previous state was restored');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(await target.readyVersions('cls')).toEqual(before);
      expect(failedHandshakes).toBeGreaterThanOrEqual(3);
    } finally {
      proxy.rule = () => 'pass';
      proxy.onHandshakeFailure = () => {};
      proxy.setCertificate(certs);
    }
  });

  it('with reject_unauthorized: false it deploys without the CA and says the certificate is not verified', async () => {
    const { code, stderr, stdout, stage } = await run({ TRITON_CA: '' }, '-p', 'verify=false');
    expect(code, stderr).toBe(0);
    expect(stage('deploy')?.status).toBe('succeeded');
    expect(`${stdout}${stderr}`).toMatch(/NOT verified/);
  });
});

describe('deploy/triton and benchmark/server under a path prefix (an ingress that routes /triton/* to the server)', () => {
  // The proxy answers only under /triton (forwarded without it) and 404s anything else, as an ingress
  // route does: a request that drops the URL's path never reaches the server.
  let routed: FaultProxy;
  beforeAll(async () => {
    routed = await startFaultProxy(target.serve.url, { prefix: '/triton' });
  });
  afterAll(async () => {
    await routed?.close();
  });

  // The URL without a trailing slash is the mTLS gateway's test below.
  it('keeps the prefix on every request — deploy, smoke, load test, stats — from a URL with a trailing slash', async () => {
    const url = `${routed.url}/`;
    const seenBefore = routed.seen.length;
    const { code, stderr, stage } = await run({ TRITON_URL: url, TRITON_CA: '' });
    expect(code, stderr).toBe(0);
    expect(stage('deploy')?.status).toBe('succeeded');
    const seen = routed.seen.slice(seenBefore);
    expect(seen.filter((r) => !r.path.startsWith('/triton/v2/')).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const version = JSON.parse(readFileSync(stage('deploy')?.outputs.report?.path ?? '', 'utf8')).version;
    expect(seen.filter((r) => r.method === 'POST' && r.path === `/triton/v2/models/cls/versions/${version}/infer`).length).toBeGreaterThan(1); // smoke + load test
    expect(seen.filter((r) => r.method === 'POST' && r.path === '/triton/v2/models/cls/infer').length).toBeGreaterThan(0); // benchmark/server
    // The server split comes from /triton/v2/models/stats, read through the same route.
    const load = benchmarkReportSchema.parse(JSON.parse(readFileSync(stage('load')?.outputs.report?.path ?? '', 'utf8')));
    expect(load.results[0]?.server?.success_count).toBeGreaterThan(0);
  });

  it('refuses a query string or a fragment in url at check time, naming the param (exit 2), and accepts the same URL without it', async () => {
    const checkDir = scratchDir('deploy-url-');
    const check = async (url: string) => {
      writeFileSync(path.join(checkDir, 'deploy.yaml'), `name: url-check\n${packageAndDeployStages([`url: ${JSON.stringify(url)}`])}`);
      return runCli(['check', 'deploy.yaml'], { cwd: checkDir, env: { PATH: process.env.PATH ?? '' } });
    };
    const accepted = await check(`${routed.url}/`);
    expect(accepted.code, accepted.stderr).toBe(0);
    const line = (text: string) => readFileSync(path.join(checkDir, 'deploy.yaml'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
    for (const [suffix, what] of [['?token=abc', 'query string'], ['#frag', 'fragment']] as const) {
      const refused = await check(`${routed.url}/${suffix}`);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`deploy\\.yaml:${line(suffix)}:\\d+ error\\[E_PARAM_INVALID\\] param "url" of stage "deploy": .*${what}`));
    }
  });
});

describe('deploy/triton and benchmark/server through an mTLS gateway under a path prefix (a client certificate required)', () => {
  // The gateway (test/support/fault-proxy.ts) serves https for 127.0.0.1 under /triton only and completes a
  // handshake only with a client certificate signed by the test CA (node:https requestCert + rejectUnauthorized).
  let gateway: FaultProxy;
  let mtlsDir: string;
  beforeAll(async () => {
    gateway = await startFaultProxy(target.serve.url, { tls: certs, prefix: '/triton', clientCa: certs.ca });
    mtlsDir = scratchDir('deploy-mtls-');
    for (const [name, text] of Object.entries({ 'ca.pem': certs.ca, 'client.pem': certs.clientCert, 'client.key': certs.clientKey })) writeFileSync(path.join(mtlsDir, name), text);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  /** deploy (its load test on the built-in generator) then benchmark/server, both with `tls:` as given; `only: 'load'`, benchmark/server alone. */
  async function runMtls(tls: string, verb = 'run', only?: 'load') {
    const server = `url: ${gateway.url}\n      tls: ${tls}`;
    const file =
      only === 'load'
        ? `name: bench-mtls\nstages:\n${benchmarkStage(server, false)}`
        : `name: deploy-mtls\n${packageAndDeployStages([server, "load: { concurrency: '1:2:x2', window_ms: 150, max_windows: 3, stability_pct: 100 }", 'ready_timeout_ms: 5000', 'request_timeout_ms: 3000'])}${benchmarkStage(server, true)}`;
    writeFileSync(path.join(mtlsDir, 'deploy.yaml'), file);
    const result = await runCli(verb === 'run' ? ['run', 'deploy.yaml', '--json'] : [verb, 'deploy.yaml'], { cwd: mtlsDir, env: { PATH: process.env.PATH ?? '' } });
    const stages = verb === 'run' && result.stdout.trim() ? (JSON.parse(result.stdout) as { stages: StageRecord[] }).stages : [];
    return { ...result, stage: (id: string) => stages.find((s) => s.id === id) };
  }
  const files = (...names: string[]) => names.map((n) => path.join(mtlsDir, n));

  it('with cert_file and key_file: deploys and load-tests through the gateway; the key’s contents are nowhere in the workspace', async () => {
    const [ca, cert, key] = files('ca.pem', 'client.pem', 'client.key');
    const seenBefore = gateway.seen.length;
    const { code, stderr, stage } = await runMtls(JSON.stringify({ ca_file: ca, cert_file: cert, key_file: key }));
    expect(code, stderr).toBe(0);
    expect(stage('deploy')?.status).toBe('succeeded');
    expect(stage('load')?.status).toBe('succeeded');
    const seen = gateway.seen.slice(seenBefore);
    expect(seen.filter((r) => !r.path.startsWith('/triton/v2/'))).toEqual([]);
    const version = JSON.parse(readFileSync(stage('deploy')?.outputs.report?.path ?? '', 'utf8')).version;
    expect(seen.filter((r) => r.path === `/triton/v2/models/cls/versions/${version}/infer`).length).toBeGreaterThan(1); // smoke + load test
    const load = benchmarkReportSchema.parse(JSON.parse(readFileSync(stage('load')?.outputs.report?.path ?? '', 'utf8')));
    expect(load.results[0]?.server?.success_count).toBeGreaterThan(0); // stats read through the gateway with the certificate
    // Every line of the key's body, searched in every file the run wrote (run record, logs, store, reports).
    const keyLines = certs.clientKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    const written = readdirSync(path.join(mtlsDir, '.pipeline'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(mtlsDir, '.pipeline', f)).filter((f) => statSync(f).isFile());
    expect(written.length).toBeGreaterThan(3);
    for (const file of written) {
      const text = readFileSync(file, 'latin1');
      for (const line of keyLines) expect(text.includes(line), `${file} holds the key`).toBe(false);
    }
  });

  it('without a client certificate the deploy fails at the handshake: E_KSERVE_TLS, exit 3, a hint naming cert_file, the server unchanged', async () => {
    const before = await target.readyVersions('cls');
    const [ca] = files('ca.pem');
    const { code, stderr, stage } = await runMtls(JSON.stringify({ ca_file: ca }));
    expect(code).toBe(3);
    expect(stage('deploy')?.status).toBe('errored');
    expect(stage('load')?.status).toBe('skipped');
    expect(stderr).toContain('E_KSERVE_TLS');
    expect(stderr).toMatch(/hint: .*client certificate.*tls\.cert_file and tls\.key_file/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(await target.readyVersions('cls')).toEqual(before);
    // benchmark/server alone: the same failure, told the same way, and no report.
    const bench = await runMtls(JSON.stringify({ ca_file: ca }), 'run', 'load');
    expect(bench.code).toBe(3);
    expect(bench.stage('load')?.status).toBe('errored');
    expect(bench.stage('load')?.outputs ?? {}).toEqual({});
    expect(bench.stderr).toMatch(/error\[E_KSERVE_TLS\].*CERTIFICATE_REQUIRED/);
    expect(bench.stderr).toMatch(/hint: .*tls\.cert_file and tls\.key_file/);
  });

  it('refuses key_file without cert_file at check time, naming the field (exit 2), after accepting both', async () => {
    const [ca, cert, key] = files('ca.pem', 'client.pem', 'client.key');
    const accepted = await runMtls(JSON.stringify({ ca_file: ca, cert_file: cert, key_file: key }), 'check');
    expect(accepted.code, accepted.stderr).toBe(0);
    const refused = await runMtls(JSON.stringify({ ca_file: ca, key_file: key }), 'check');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/deploy\.yaml:\d+:\d+ error\[E_PARAM_INVALID\] param "tls\.key_file" of stage "deploy": tls\.key_file needs tls\.cert_file/);
  });
});
