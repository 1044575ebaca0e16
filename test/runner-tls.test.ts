import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { makeServeRepository } from './support/serve-repository.js';
import { type ServeProcess, startServeProcess } from './support/serve-process.js';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';
import { ocrModels } from './support/test-models.js';

// `runner: triton` (validate and benchmark) against an https gateway that requires a client certificate and
// routes only /triton/* to the server, as an ingress before a production server does. The server is
// `pipeline serve` (our development stand-in, its own process, not Triton); the gateway is the test-only
// proxy of test/support/fault-proxy.ts with a CA and certificates made by openssl for this test.

let certs: TestCertificates;
let repository: string;
let serve: ServeProcess;
let gateway: FaultProxy;
let dir: string;
beforeAll(async () => {
  certs = makeTestCertificates();
  repository = await makeServeRepository();
  serve = await startServeProcess(repository, 'cls');
  gateway = await startFaultProxy(serve.url, { tls: certs, prefix: '/triton', clientCa: certs.ca });
  dir = scratchDir('runner-tls-');
  for (const [name, text] of Object.entries({ 'ca.pem': certs.ca, 'client.pem': certs.clientCert, 'client.key': certs.clientKey })) writeFileSync(path.join(dir, name), text);
});
afterAll(async () => {
  await gateway?.close();
  await serve?.stop();
  if (repository) await rm(repository, { recursive: true, force: true });
});

const dims = '{ p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 64 }';
/** validate and benchmark on `runner: triton`, both with `server: { url, tls }` (tls as given, a JSON object). */
function pipelineFile(tls: Record<string, unknown>): string {
  const server = `server: { url: ${JSON.stringify(gateway.url)}, tls: ${JSON.stringify(tls)} }`;
  return `name: runner-tls
stages:
  validate:
    uses: validate
    with:
      reference: ${ocrModels.cls}
      candidate: ${ocrModels.cls}
      runner: triton
      ${server}
      data: { random: { count: 2, dims: ${dims} } }
  benchmark:
    uses: benchmark
    with:
      model: ${ocrModels.cls}
      runner: triton
      ${server}
      data: { random: { count: 2, dims: ${dims} } }
      warmup: { runs: 1, ms: 0 }
      stability: { enabled: false }
      iterations: 4
`;
}

interface StageRecord {
  id: string;
  status: string;
  outputs: Record<string, { path: string }>;
}

async function run(verb: 'run' | 'check', tls: Record<string, unknown>) {
  writeFileSync(path.join(dir, 'runner-tls.yaml'), pipelineFile(tls));
  const result = await runCli(verb === 'run' ? ['run', 'runner-tls.yaml', '--json'] : ['check', 'runner-tls.yaml'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  const stages = verb === 'run' && result.stdout.trim() ? (JSON.parse(result.stdout) as { stages: StageRecord[] }).stages : [];
  return { ...result, stage: (id: string) => stages.find((s) => s.id === id) };
}

const file = (name: string) => path.join(dir, name);
const mtls = () => ({ ca_file: file('ca.pem'), cert_file: file('client.pem'), key_file: file('client.key') });

describe('runner: triton through an mTLS gateway under a path prefix', () => {
  it('with cert_file and key_file, validate and benchmark run the model on the server; every request keeps the prefix; the key is nowhere', async () => {
    const seenBefore = gateway.seen.length;
    const { code, stdout, stderr, stage } = await run('run', mtls());
    expect(code, stderr).toBe(0);
    expect([stage('validate')?.status, stage('benchmark')?.status]).toEqual(['succeeded', 'succeeded']);
    const seen = gateway.seen.slice(seenBefore);
    // `/v2` itself is the server's metadata.
    expect(seen.filter((r) => r.path !== '/triton/v2' && !r.path.startsWith('/triton/v2/')).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // The stages upload the model file (named by its content), infer on it through the gateway, and unload it.
    const infers = seen.filter((r) => r.method === 'POST' && /^\/triton\/v2\/models\/pipeline_[0-9a-f]{16}\/infer$/.test(r.path));
    expect(infers.length).toBeGreaterThanOrEqual(2 * 2 + 4); // validate: 2 samples × 2 models; benchmark: ≥ its iterations
    expect(seen.filter((r) => r.method === 'POST' && /^\/triton\/v2\/repository\/models\/pipeline_[0-9a-f]{16}\/load$/.test(r.path)).length).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(stage('benchmark')?.outputs.report?.path ?? '', 'utf8')) as { runner: { backend: string } };
    expect(report.runner.backend).toBe('triton');
    // The same model on both sides, on the same server: every element agrees.
    const validation = JSON.parse(readFileSync(stage('validate')?.outputs.report?.path ?? '', 'utf8')) as { outputs: { failed_elements: number; elements: number }[] };
    expect(validation.outputs.map((o) => [o.failed_elements, o.elements])).toEqual([[0, 2 * 2]]);
    // Every line of the key's body, in the output and in every file the run wrote (run record, logs, store, reports).
    const keyLines = certs.clientKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const written = readdirSync(path.join(dir, '.pipeline'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, '.pipeline', f)).filter((f) => statSync(f).isFile());
    expect(written.length).toBeGreaterThan(3);
    for (const [name, text] of [['output', `${stdout}${stderr}`], ...written.map((f) => [f, readFileSync(f, 'latin1')])] as const) {
      for (const line of keyLines) expect(text.includes(line), `${name} holds the key`).toBe(false);
    }
  });

  it('without a client certificate the gateway refuses the handshake: E_KSERVE_TLS, exit 3, a hint naming server.tls.cert_file, no stack', async () => {
    const { code, stderr, stage } = await run('run', { ca_file: file('ca.pem') });
    expect(code).toBe(3);
    expect(stage('validate')?.status).toBe('errored');
    // benchmark fails the same way, or is skipped when validate's failure stopped the run first.
    expect(['errored', 'skipped']).toContain(stage('benchmark')?.status);
    expect(stderr).toMatch(/error\[E_KSERVE_TLS\].*CERTIFICATE_REQUIRED/);
    expect(stderr).toMatch(/hint: .*client certificate.*server\.tls\.cert_file and server\.tls\.key_file/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('servername is the name the certificate is checked against: a name it does not carry fails the handshake', async () => {
    const { code, stderr } = await run('run', { ...mtls(), servername: 'triton.internal' });
    expect(code).toBe(3);
    expect(stderr).toMatch(/error\[E_KSERVE_TLS\].*triton\.internal/);
    expect(stderr).toMatch(/hint: .*server\.tls\.servername/);
  });

  it('reject_unauthorized: false connects without the CA, and says the certificate is not verified', async () => {
    const { ca_file: _ca, ...unverified } = mtls();
    const { code, stdout, stderr, stage } = await run('run', { ...unverified, reject_unauthorized: false });
    expect(code, stderr).toBe(0);
    expect(stage('validate')?.status).toBe('succeeded');
    expect(`${stdout}${stderr}`).toContain(`server.tls.reject_unauthorized is false: the certificate of ${new URL(gateway.url).host} is NOT verified`);
  });

  it('a key that is not the certificate’s is refused before any connection: E_TLS_SETTINGS, exit 2, naming server.tls.key_file', async () => {
    writeFileSync(file('server.key'), certs.key);
    const seenBefore = gateway.seen.length;
    const { code, stderr } = await run('run', { ...mtls(), key_file: file('server.key') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/error\[E_TLS_SETTINGS\] server\.tls\.key_file: .*server\.key is not the private key of the certificate/);
    expect(gateway.seen.length).toBe(seenBefore);
  });

  it('check refuses key_file without cert_file at server.tls (exit 2), after accepting both', async () => {
    const accepted = await run('check', mtls());
    expect(accepted.code, accepted.stderr).toBe(0);
    const { cert_file: _cert, ...keyOnly } = mtls();
    const refused = await run('check', keyOnly);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/runner-tls\.yaml:\d+:\d+ error\[E_PARAM_INVALID\] param "server\.tls\.key_file" of stage "validate": tls\.key_file needs tls\.cert_file/);
  });
});
