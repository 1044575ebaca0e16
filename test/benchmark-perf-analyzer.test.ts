import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';
import { type DeployTarget, packageAndDeployStages, startDeployTarget } from './support/deploy-target.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import type { ServeProcess } from './support/serve-process.js';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';
import { repoRoot } from './support/test-models.js';

// benchmark/server with `backend: perf_analyzer`, through `pipeline run`. There is no perf_analyzer here:
// the STAND-IN (test/stand-ins/perf-analyzer-stand-in.mjs) replays recorded perf_analyzer output and is
// found the ways the product finds perf_analyzer — on PATH (as `perf_analyzer`) or at `perf_analyzer_path`.
// The model's metadata comes from `pipeline serve` (its own process); the figures come from the recording.
const standIn = path.join(repoRoot, 'test/stand-ins/perf-analyzer-stand-in.mjs');
const recordedDir = path.join(repoRoot, 'test/fixtures/recorded/triton/perf_analyzer');
const RECORDED_STDOUT = '04_docs_perf_csv_with_cmd.txt';
const RECORDED_CSV = '04_docs_perf.csv';
// perf_analyzer's own failure line for an unstable load (test/fixtures/reference/triton.md, "Stability algorithm").
const UNSTABLE = 'Failed to obtain stable measurement within 7 measurement windows for concurrency 2. Please try to increase the --measurement-interval.';

let target: DeployTarget;
let serve: ServeProcess;
let bin: string;
beforeAll(async () => {
  target = await startDeployTarget();
  serve = target.serve;
  bin = scratchDir('pa-bin-');
  symlinkSync(standIn, path.join(bin, 'perf_analyzer'));
});
afterAll(async () => {
  await target.stop();
});

/** A pipeline of one benchmark/server stage on the perf_analyzer backend; `env` goes to the stand-in. */
function pipelineFile(env: Record<string, string>, extra = ''): string {
  const envLines = Object.entries(env).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return `name: pa-backend
env:
${envLines.join('\n')}
stages:
  load:
    uses: benchmark/server
    with:
      url: ${serve.url}
      model: cls
      backend: perf_analyzer
      concurrency: '1:4:1'
      headers: { X-Run: nightly }
      data: { random: { dims: { x:3: 64 } } }
      window: { ms: 2000, stability_pct: 15, max_windows: 7, percentile: 95 }
${extra}`;
}

interface StageRecord {
  id: string;
  status: string;
  outputs: Record<string, { path: string }>;
  error?: { code: string; message: string };
}

async function run(file: string, withPath: boolean) {
  const dir = scratchDir('pa-run-');
  writeFileSync(path.join(dir, 'pipeline.yaml'), file);
  const result = await runCli(['run', 'pipeline.yaml', '--json'], { cwd: dir, env: { PATH: withPath ? `${bin}${path.delimiter}${process.env.PATH}` : (process.env.PATH ?? '') } });
  if (!result.stdout.trim()) throw new Error(`no run record (exit ${result.code}): ${result.stderr}`);
  const stages = (JSON.parse(result.stdout) as { stages: StageRecord[] }).stages;
  return { ...result, load: stages.find((s) => s.id === 'load'), deploy: stages.find((s) => s.id === 'deploy'), dir };
}

/** A second, simple reader of perf_analyzer's -f CSV: the header names the columns, every value is a number. */
function readCsv(text: string): Record<string, number>[] {
  const [header = '', ...rows] = text.trim().split(/\r?\n/);
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i] as string, Number(v)])));
}

/** The value after a flag in an argv (`--flag value`), or the `--flag=value` form's value. */
function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe('benchmark/server on the perf_analyzer backend, through pipeline run', () => {
  it('finds perf_analyzer on PATH, passes what the file asked as its flags, and reports every number as recorded', async () => {
    const argvFile = path.join(scratchDir('pa-argv-'), 'argv.json');
    const { code, stderr, load } = await run(pipelineFile({ PERF_ANALYZER_STAND_IN_ARGV: argvFile, PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT, PERF_ANALYZER_STAND_IN_CSV: RECORDED_CSV }), true);
    expect(code, stderr).toBe(0);
    expect(load?.status).toBe('succeeded');

    const argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
    expect(flag(argv, '-m')).toBe('cls');
    expect(flag(argv, '-u')).toBe(new URL(serve.url).host); // host:port, no scheme
    expect(flag(argv, '-i')).toBe('http');
    expect(flag(argv, '--concurrency-range')).toBe('1:4:1');
    expect(flag(argv, '--measurement-mode')).toBe('time_windows');
    expect(flag(argv, '-p')).toBe('2000');
    expect(flag(argv, '-s')).toBe('15');
    expect(flag(argv, '-r')).toBe('7');
    expect(flag(argv, '--percentile')).toBe('95');
    expect(flag(argv, '-H')).toBe('X-Run:nightly');
    // The served cls input is [-1, 3, 48, -1]: --shape leaves out the batch axis and sizes the dynamic width.
    const served = (await fetch(`${serve.url}/v2/models/cls`).then((r) => r.json())) as { inputs: { name: string; shape: number[] }[] };
    const input = served.inputs[0];
    expect(flag(argv, '--shape')).toBe(`${input?.name}:${input?.shape.slice(1).map((d) => (d < 0 ? 64 : d)).join(',')}`);
    expect(flag(argv, '-f')).toBeDefined();

    const report = benchmarkReportSchema.parse(JSON.parse(readFileSync(load?.outputs.report?.path ?? '', 'utf8')));
    const rows = readCsv(readFileSync(path.join(recordedDir, RECORDED_CSV), 'utf8'));
    expect(report.results.map((r) => r.concurrency).sort()).toEqual(rows.map((r) => r.Concurrency).sort());
    for (const row of rows) {
      const result = report.results.find((r) => r.concurrency === row.Concurrency);
      const ms = (column: string) => (row[column] as number) / 1000;
      expect(result?.throughput.inferences_per_s).toBe(row['Inferences/Second']);
      expect(result?.latency).toMatchObject({ median_ms: ms('p50 latency'), p90_ms: ms('p90 latency'), p95_ms: ms('p95 latency'), p99_ms: ms('p99 latency') });
      expect(result?.client?.breakdown_ms).toEqual({ send: ms('Client Send'), network_server_send_recv: ms('Network+Server Send/Recv'), recv: ms('Client Recv') });
      expect(result?.server?.breakdown_ms).toEqual({ queue: ms('Server Queue'), compute_input: ms('Server Compute Input'), compute_infer: ms('Server Compute Infer'), compute_output: ms('Server Compute Output') });
    }
    // perf.csv is perf_analyzer's own CSV, byte for byte.
    expect(readFileSync(load?.outputs.csv?.path ?? '', 'utf8')).toBe(readFileSync(path.join(recordedDir, RECORDED_CSV), 'utf8'));
  });

  it('a URL with a path prefix (an ingress route) reaches -u as host:port/prefix, and the stage reads the model through it', async () => {
    const routed = await startFaultProxy(serve.url, { prefix: '/triton' });
    try {
      const argvFile = path.join(scratchDir('pa-argv-'), 'argv.json');
      const file = pipelineFile({ PERF_ANALYZER_STAND_IN_ARGV: argvFile, PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT }, `      perf_analyzer_path: ${standIn}\n`).replace(`url: ${serve.url}`, `url: ${routed.url}/`);
      const { code, stderr } = await run(file, false);
      expect(code, stderr).toBe(0);
      expect(routed.seen.map((r) => `${r.method} ${r.path}`)).toContain('GET /triton/v2/models/cls');
      expect(routed.seen.filter((r) => !r.path.startsWith('/triton/'))).toEqual([]);
      expect(flag(JSON.parse(readFileSync(argvFile, 'utf8')) as string[], '-u')).toBe(`${new URL(routed.url).host}/triton`);
    } finally {
      await routed.close();
    }
  });

  it('a perf_analyzer that fails (exit 1, garbage on stdout) ends the run with exit 3, its stderr tail and a repro line, and no report', async () => {
    const file = pipelineFile({ PERF_ANALYZER_STAND_IN_STDOUT_TEXT: 'garbage \u0001 not perf_analyzer output\n', PERF_ANALYZER_STAND_IN_STDERR: `${UNSTABLE}\n`, PERF_ANALYZER_STAND_IN_EXIT: '1', PERF_ANALYZER_STAND_IN_CSV: 'none' }, `      perf_analyzer_path: ${standIn}\n`);
    const { code, stderr, load, dir } = await run(file, false);
    expect(code).toBe(3);
    expect(load?.status).toBe('errored');
    expect(load?.outputs ?? {}).toEqual({});
    expect(stderr).toContain('E_PERF_ANALYZER_FAILED');
    expect(stderr).toContain(UNSTABLE);
    expect(stderr).toMatch(new RegExp(`reproduce: ${standIn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -m cls -u \\S+ -i http`));
    expect(stderr).toContain("-H 'X-Run:***' -f perf.csv"); // header values can be credentials
    expect(stderr).not.toMatch(/^\s+at /m);
    const store = path.join(dir, '.pipeline/store');
    const kept = existsSync(store) ? readdirSync(store, { recursive: true, encoding: 'utf8' }) : [];
    expect(kept.filter((f) => /benchmark-report\.json|perf\.csv/.test(f))).toEqual([]);
  });

  it('exit 0 with garbage on stdout and no CSV is no measurement (exit 3), never an empty report', async () => {
    const file = pipelineFile({ PERF_ANALYZER_STAND_IN_STDOUT_TEXT: 'garbage\n', PERF_ANALYZER_STAND_IN_CSV: 'none' }, `      perf_analyzer_path: ${standIn}\n`);
    const { code, stderr, load } = await run(file, false);
    expect(code).toBe(3);
    expect(load?.status).toBe('errored');
    expect(stderr).toContain('E_PERF_ANALYZER_NO_MEASUREMENT');
    expect(stderr).toContain('reproduce: ');
  });

  it('backend: perf_analyzer with none on PATH and no perf_analyzer_path says how to get one (exit 3)', async () => {
    const { code, stderr, load } = await run(pipelineFile({ UNUSED: 'x' }), false);
    expect(code).toBe(3);
    expect(load?.status).toBe('errored');
    expect(stderr).toContain('E_PERF_ANALYZER_NOT_FOUND');
  });

  it('refuses an SLO search on the perf_analyzer backend at check time (exit 2), and accepts the same file without it', async () => {
    const base = pipelineFile({ PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT }, `      perf_analyzer_path: ${standIn}\n`);
    const ok = await run(base, false);
    expect(ok.code, ok.stderr).toBe(0);
    const dir = scratchDir('pa-slo-');
    writeFileSync(path.join(dir, 'pipeline.yaml'), `${base}      slo: { max_p99_ms: 50 }\n`);
    const refused = await runCli(['check', 'pipeline.yaml'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pipeline\.yaml:\d+:\d+ error\[E_PERF_ANALYZER_PARAMS\].*SLO search/);
  });
});

/** A pipeline that packages the cls model and deploys it, its load test on the perf_analyzer backend. */
function deployFile(env: Record<string, string>, load: string, gates = ''): string {
  const envLines = Object.entries(env).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return `name: pa-deploy
env:
${envLines.join('\n')}
${packageAndDeployStages([`url: ${serve.url}`, 'headers: { X-Run: nightly }', `load: ${load}`, 'ready_timeout_ms: 5000'])}${gates}`;
}

describe('deploy/triton’s load test on the perf_analyzer backend, through pipeline run', () => {
  const load = "{ concurrency: '1:4:1', window_ms: 2000, max_windows: 7, stability_pct: 15, backend: perf_analyzer }";
  const recorded = { PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT, PERF_ANALYZER_STAND_IN_CSV: RECORDED_CSV };

  it('load-tests the new version with perf_analyzer (-x the new version) and keeps it; the load report is the recording', async () => {
    const argvFile = path.join(scratchDir('pa-argv-'), 'argv.json');
    const { code, stderr, deploy } = await run(deployFile({ ...recorded, PERF_ANALYZER_STAND_IN_ARGV: argvFile }, load), true);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(deploy?.outputs.report?.path ?? '', 'utf8')) as { outcome: string; version: number };
    expect(report.outcome).toBe('deployed');
    const argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
    expect([flag(argv, '-m'), flag(argv, '-x'), flag(argv, '-u'), flag(argv, '-i')]).toEqual(['cls', String(report.version), new URL(serve.url).host, 'http']);
    expect([flag(argv, '--concurrency-range'), flag(argv, '--measurement-mode'), flag(argv, '-p'), flag(argv, '-s'), flag(argv, '-r'), flag(argv, '-H')]).toEqual(['1:4:1', 'time_windows', '2000', '15', '7', 'X-Run:nightly']);
    const loadReport = benchmarkReportSchema.parse(JSON.parse(readFileSync(deploy?.outputs.load?.path ?? '', 'utf8')));
    const rows = readCsv(readFileSync(path.join(recordedDir, RECORDED_CSV), 'utf8'));
    for (const row of rows) {
      const result = loadReport.results.find((r) => r.concurrency === row.Concurrency);
      expect(result?.throughput.inferences_per_s).toBe(row['Inferences/Second']);
      expect(result?.latency.p99_ms).toBe((row['p99 latency'] as number) / 1000);
    }
  });

  it('an SLO the recorded figures miss fails the gate (exit 1) and rolls back; the p99 judged is the best load’s', async () => {
    const rows = readCsv(readFileSync(path.join(recordedDir, RECORDED_CSV), 'utf8'));
    const best = rows.reduce((a, b) => ((b['Inferences/Second'] as number) > (a['Inferences/Second'] as number) ? b : a));
    const bestP99Ms = (best['p99 latency'] as number) / 1000;
    const before = await target.onDisk('cls');
    const { code, stderr, deploy } = await run(deployFile(recorded, load, `      gates: { max_p99_ms: ${bestP99Ms - 1} }\n`), true);
    expect(code, stderr).toBe(1);
    const report = JSON.parse(readFileSync(deploy?.outputs.report?.path ?? '', 'utf8')) as { outcome: string; failure: { step: string } };
    expect(report).toMatchObject({ outcome: 'rolled-back', failure: { step: 'load-test' } });
    expect(stderr).toContain(`${bestP99Ms} ms`);
    expect(await target.readyVersions('cls')).toEqual(before);
  });

  it('a failing perf_analyzer ends the deploy with exit 3, its stderr tail and a repro line, after a rollback', async () => {
    const before = await target.onDisk('cls');
    const failing = { PERF_ANALYZER_STAND_IN_STDOUT_TEXT: 'garbage\n', PERF_ANALYZER_STAND_IN_STDERR: `${UNSTABLE}\n`, PERF_ANALYZER_STAND_IN_EXIT: '1', PERF_ANALYZER_STAND_IN_CSV: 'none' };
    const { code, stderr, deploy } = await run(deployFile(failing, load.replace('backend: perf_analyzer', `backend: perf_analyzer, perf_analyzer_path: ${standIn}`)), false);
    expect(code).toBe(3);
    expect(deploy?.status).toBe('errored');
    expect(stderr).toContain('E_PERF_ANALYZER_FAILED');
    expect(stderr).toContain(UNSTABLE);
    expect(stderr).toMatch(/reproduce: \S+perf-analyzer-stand-in\.mjs -m cls -u \S+ -i http -x \d+ /);
    expect(stderr).toContain('hint: perf_analyzer failed');
    expect(stderr).toContain('the previous state was restored');
    expect(await target.readyVersions('cls')).toEqual(before);
  });

  it('refuses a multiplying range on the perf_analyzer backend at check time, at load.concurrency (exit 2), and accepts it on the built-in one', async () => {
    const dir = scratchDir('pa-check-');
    const check = async (loadText: string) => {
      writeFileSync(path.join(dir, 'pipeline.yaml'), deployFile({ UNUSED: 'x' }, loadText));
      return runCli(['check', 'pipeline.yaml'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    };
    const accepted = await check("{ concurrency: '1:4:x2' }");
    expect(accepted.code, accepted.stderr).toBe(0);
    const refused = await check("{ concurrency: '1:4:x2', backend: perf_analyzer }");
    expect(refused.code).toBe(2);
    const line = readFileSync(path.join(dir, 'pipeline.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('1:4:x2')) + 1;
    expect(refused.stderr).toMatch(new RegExp(`pipeline\\.yaml:${line}:\\d+ error\\[E_PERF_ANALYZER_PARAMS\\].*1:4:x2`));
  });
});

/** The `--ssl-https-*` flags the reference documents (test/fixtures/reference/triton.md, from perf_analyzer's docs/cli.md). */
const documentedHttpsFlags = new Set([...readFileSync(path.join(repoRoot, 'test/fixtures/reference/triton.md'), 'utf8').matchAll(/`(--ssl-https-[a-z-]+) [^`]+`/g)].map((m) => m[1]));

describe('the perf_analyzer backend against an https server (a TLS-terminating proxy before pipeline serve)', () => {
  // The proxy (test/support/fault-proxy.ts) serves a certificate for 127.0.0.1 signed by a CA openssl made
  // for this test; the stages read the model's metadata through it, and the stand-in gets the https flags.
  let proxy: FaultProxy;
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = makeTestCertificates();
    proxy = await startFaultProxy(serve.url, { tls: certs });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const httpsFlag = (name: string) => {
    // The names asserted are the documented ones, not this code's.
    expect(documentedHttpsFlags.has(name), `${name} is documented`).toBe(true);
    return name;
  };

  it('benchmark/server: -u keeps https://, tls.ca reaches perf_analyzer as an existing CA file, and verification stays on', async () => {
    const record = scratchDir('pa-https-');
    const argvFile = path.join(record, 'argv.json');
    const filesFile = path.join(record, 'files.json');
    const env = { PERF_ANALYZER_STAND_IN_ARGV: argvFile, PERF_ANALYZER_STAND_IN_FILES: filesFile, PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT, PERF_ANALYZER_STAND_IN_CSV: RECORDED_CSV };
    const file = pipelineFile(env, `      perf_analyzer_path: ${standIn}\n      tls: { ca: ${JSON.stringify(certs.ca)}, reject_unauthorized: true }\n`).replace(`url: ${serve.url}`, `url: ${proxy.url}`);
    const seenBefore = proxy.seen.length;
    const { code, stderr, load } = await run(file, false);
    expect(code, stderr).toBe(0);
    expect(load?.status).toBe('succeeded');
    // The stage read the model through the https proxy, so the URL given is the one used.
    expect(proxy.seen.slice(seenBefore).some((r) => r.method === 'GET' && r.path === '/v2/models/cls')).toBe(true);

    const argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
    expect(flag(argv, '-u')).toBe(`https://${new URL(proxy.url).host}`);
    expect(flag(argv, httpsFlag('--ssl-https-verify-peer'))).toBe('1');
    expect(flag(argv, httpsFlag('--ssl-https-verify-host'))).toBe('2');
    expect(flag(argv, httpsFlag('--ssl-https-ca-certificates-file'))).toBeDefined();
    expect(flag(argv, '-H')).toBe('X-Run:nightly');
    // The stand-in read the file named when it ran (perf_analyzer refuses a path that is not a file): the CA given.
    expect(JSON.parse(readFileSync(filesFile, 'utf8'))).toEqual({ '--ssl-https-ca-certificates-file': certs.ca });
    const reportText = readFileSync(load?.outputs.report?.path ?? '', 'utf8');
    // The command kept in the report names the header but not its value (a header may carry a credential).
    expect(reportText).toContain('-H X-Run:***');
    expect(reportText).not.toContain('nightly');
    const report = benchmarkReportSchema.parse(JSON.parse(reportText));
    expect(report.results.map((r) => r.concurrency).sort()).toEqual(readCsv(readFileSync(path.join(recordedDir, RECORDED_CSV), 'utf8')).map((r) => r.Concurrency).sort());
  });

  it('benchmark/server through an mTLS gateway under a prefix: the client certificate and key reach perf_analyzer as files, typed PEM', async () => {
    const gateway = await startFaultProxy(serve.url, { tls: certs, prefix: '/triton', clientCa: certs.ca });
    try {
      const record = scratchDir('pa-mtls-');
      const at = (name: string) => path.join(record, name);
      for (const [name, text] of Object.entries({ 'ca.pem': certs.ca, 'client.pem': certs.clientCert, 'client.key': certs.clientKey })) writeFileSync(at(name), text);
      const env = { PERF_ANALYZER_STAND_IN_ARGV: at('argv.json'), PERF_ANALYZER_STAND_IN_FILES: at('files.json'), PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT, PERF_ANALYZER_STAND_IN_CSV: RECORDED_CSV };
      const tls = { ca_file: at('ca.pem'), cert_file: at('client.pem'), key_file: at('client.key') };
      const file = pipelineFile(env, `      perf_analyzer_path: ${standIn}\n      tls: ${JSON.stringify(tls)}\n`).replace(`url: ${serve.url}`, `url: ${gateway.url}`);
      const { code, stderr, load } = await run(file, false);
      expect(code, stderr).toBe(0);
      // The stage read the model's metadata through the gateway, which lets no one in without the certificate.
      expect(gateway.seen.map((r) => `${r.method} ${r.path}`)).toContain('GET /triton/v2/models/cls');
      const argv = JSON.parse(readFileSync(at('argv.json'), 'utf8')) as string[];
      expect(flag(argv, '-u')).toBe(`https://${new URL(gateway.url).host}/triton`);
      expect(flag(argv, httpsFlag('--ssl-https-client-certificate-file'))).toBe(tls.cert_file);
      expect(flag(argv, httpsFlag('--ssl-https-client-certificate-type'))).toBe('PEM');
      expect(flag(argv, httpsFlag('--ssl-https-private-key-file'))).toBe(tls.key_file);
      expect(flag(argv, httpsFlag('--ssl-https-private-key-type'))).toBe('PEM');
      expect(flag(argv, httpsFlag('--ssl-https-ca-certificates-file'))).toBe(tls.ca_file);
      // What perf_analyzer read from the files named while it ran: the certificates and key given.
      expect(JSON.parse(readFileSync(at('files.json'), 'utf8'))).toEqual({ '--ssl-https-ca-certificates-file': certs.ca, '--ssl-https-client-certificate-file': certs.clientCert, '--ssl-https-private-key-file': certs.clientKey });
      // The report's command names the key's path, never its contents.
      const reportText = readFileSync(load?.outputs.report?.path ?? '', 'utf8');
      expect(reportText).toContain(tls.key_file);
      for (const line of certs.clientKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(reportText).not.toContain(line);
    } finally {
      await gateway.close();
    }
  });

  it('refuses tls.servername on the perf_analyzer backend at check time, at the field with a hint (exit 2), and accepts the same file without it', async () => {
    const dir = scratchDir('pa-servername-');
    const check = async (tls: string) => {
      writeFileSync(path.join(dir, 'pipeline.yaml'), pipelineFile({ UNUSED: 'x' }, `      perf_analyzer_path: ${standIn}\n      tls: ${tls}\n`).replace(`url: ${serve.url}`, `url: ${proxy.url}`));
      return runCli(['check', 'pipeline.yaml'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    };
    const accepted = await check('{ ca_file: ca.pem, cert_file: client.pem, key_file: client.key }');
    expect(accepted.code, accepted.stderr).toBe(0);
    const refused = await check('{ ca_file: ca.pem, cert_file: client.pem, key_file: client.key, servername: triton.internal }');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pipeline\.yaml:\d+:\d+ error\[E_PERF_ANALYZER_PARAMS\].*tls\.servername/);
    expect(refused.stderr).toMatch(/hint: .*URL.*backend: loadgen/);
  });

  it('deploy/triton: tls.reject_unauthorized: false is verify-peer 0 and verify-host 0, with no CA file', async () => {
    const record = scratchDir('pa-https-');
    const argvFile = path.join(record, 'argv.json');
    const filesFile = path.join(record, 'files.json');
    const envLines = Object.entries({ PERF_ANALYZER_STAND_IN_ARGV: argvFile, PERF_ANALYZER_STAND_IN_FILES: filesFile, PERF_ANALYZER_STAND_IN_STDOUT: RECORDED_STDOUT, PERF_ANALYZER_STAND_IN_CSV: RECORDED_CSV }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
    const load = `{ concurrency: '1:2:1', window_ms: 500, max_windows: 3, stability_pct: 50, backend: perf_analyzer, perf_analyzer_path: ${standIn} }`;
    const file = `name: pa-deploy-https\nenv:\n${envLines.join('\n')}\n${packageAndDeployStages([`url: ${proxy.url}`, 'tls: { reject_unauthorized: false }', `load: ${load}`, 'ready_timeout_ms: 5000'])}`;
    const { code, stderr, deploy } = await run(file, false);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(deploy?.outputs.report?.path ?? '', 'utf8')) as { outcome: string; version: number };
    expect(report.outcome).toBe('deployed');
    const argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
    expect([flag(argv, '-u'), flag(argv, '-x')]).toEqual([`https://${new URL(proxy.url).host}`, String(report.version)]);
    expect(flag(argv, httpsFlag('--ssl-https-verify-peer'))).toBe('0');
    expect(flag(argv, httpsFlag('--ssl-https-verify-host'))).toBe('0');
    expect(flag(argv, httpsFlag('--ssl-https-ca-certificates-file'))).toBeUndefined();
    expect(JSON.parse(readFileSync(filesFile, 'utf8'))).toEqual({});
  });
});
