import { builtinRunners } from '@pipeline/builtin-runners';
import { isPipelineError, StageFailedError, UsageError } from '@pipeline/errors';
import type { BenchmarkReport } from '@pipeline/kinds';
import { createKServeClient, KSERVE_ERROR_CODES, kserveTlsOptions, readTlsSettings, refusesClientCertificate, tlsVerificationWarning } from '@pipeline/kserve-client';
import { choosePerfAnalyzer, PerfAnalyzerCode } from '@pipeline/perf-analyzer';
import type { Runner } from '@pipeline/runner';
import type { GateInput } from '@pipeline/sdk';
import { deployToTriton, readPackagedRepository } from '@pipeline/triton-deploy';
import { DeployStageCode } from './codes.js';
import { deployPerfAnalyzerLimits } from './load-backend.js';
import { loadCheck } from './load-check.js';
import { smokeFeeds, smokeTest, specsFromMetadata } from './smoke.js';
import type { DeployTritonContext, DeployTritonResult } from './ports.js';

/** What to do about failures that are not the server's being down: a certificate not trusted, credentials refused, perf_analyzer failing. */
const INFRASTRUCTURE_HINTS: Record<string, string> = {
  [KSERVE_ERROR_CODES.tls]: 'give the CA that signed the server’s certificate as tls.ca (PEM text) or tls.ca_file, or the name it carries as tls.servername; tls.reject_unauthorized: false skips verification (never for production)',
  [PerfAnalyzerCode.Failed]: 'perf_analyzer failed: its output is in the stage log, and the line above runs it again',
  [PerfAnalyzerCode.NoMeasurement]: 'perf_analyzer failed: its output is in the stage log, and the line above runs it again',
  [KSERVE_ERROR_CODES.auth]: 'the server (or the proxy before it) refused the credentials: check `headers:` and the secret it reads',
};

/** For a handshake the server (or gateway) refused for want of a client certificate it trusts. */
const CLIENT_CERTIFICATE_HINT = 'the server (or the gateway before it) wants a client certificate it trusts (mutual TLS): give tls.cert_file and tls.key_file (PEM files)';

/** The run of `deploy/triton` (stage.ts imports it when the stage runs). */
export async function runDeployTriton(ctx: DeployTritonContext): Promise<DeployTritonResult> {
  const url = ctx.params.url ?? ctx.inputs.server?.meta.url;
  if (url === undefined) throw new UsageError('E_DEPLOY_PARAMS', 'deploy/triton needs a server: give `url:` or a `server:` endpoint input');
  // The files of `tls:` are read and checked (PEM, key matches certificate) before anything reaches the server.
  const params = { ...ctx.params, url, loadTls: await readTlsSettings(ctx.params.tls, (file) => ctx.readText(file)) };
  if (params.mode === 'repository' && params.repository_path === undefined) {
    throw new UsageError('E_DEPLOY_PARAMS', 'mode: repository needs repository_path (the server’s model repository folder)', { hint: 'or use mode: load-api' });
  }
  const models = await readPackagedRepository(ctx.inputs.repository.path);
  const meta = ctx.inputs.repository.meta as { entry?: string };
  const entry = params.entry ?? meta.entry ?? (models.length === 1 ? models[0]?.name : models.find((m) => m.ensemble)?.name);
  if (!entry) throw new UsageError('E_DEPLOY_PARAMS', 'the repository holds several models and no ensemble: say which one clients call with `entry:`');
  const unverified = tlsVerificationWarning(params.url, params.tls);
  if (unverified !== undefined) ctx.log.warn(unverified);
  const tls = params.loadTls ? { tls: kserveTlsOptions(params.loadTls) } : {};
  const perfAnalyzer = params.load === false ? {} : choosePerfAnalyzer(params.load.backend, params.load.perf_analyzer_path, ctx.tools.perf_analyzer, deployPerfAnalyzerLimits(params));
  if (perfAnalyzer.note) ctx.log.info(perfAnalyzer.note);
  const client = createKServeClient({ url: params.url, headers: params.headers, timeoutMs: params.request_timeout_ms, ...tls });
  const reference: Runner | undefined = ctx.inputs.reference ? await builtinRunners.factory('onnxruntime')(ctx.inputs.reference.path) : undefined;
  const gates: GateInput[] = [];
  let loadReport: BenchmarkReport | undefined;
  // The smoke test's inputs, reused as the load test's request so both send what the reference was checked on.
  let feeds: Awaited<ReturnType<typeof smokeFeeds>> | undefined;
  try {
    const report = await deployToTriton({
      client,
      models,
      entry,
      mode: params.mode === 'repository' ? { kind: 'repository', path: params.repository_path as string } : { kind: 'load-api' },
      readyTimeoutMs: params.ready_timeout_ms,
      log: (line) => ctx.log.info(line),
      checks: [
        {
          name: 'smoke',
          code: DeployStageCode.SmokeFailed,
          run: async (version) => {
            const specs = reference ? [...reference.inputs] : specsFromMetadata(await client.modelMetadata(entry, String(version)));
            feeds = await smokeFeeds(specs, params.smoke.dims, params.smoke.seed);
            const outcome = await smokeTest(client, entry, version, feeds, reference, params.smoke);
            gates.push(...outcome.gates);
            return outcome;
          },
        },
        ...(params.load === false
          ? []
          : [
              {
                name: 'load-test',
                code: DeployStageCode.LoadTestFailed,
                run: async (version: number) => {
                  if (!feeds) throw new Error('the load test runs after the smoke test, which made its inputs');
                  const load = params.load as Exclude<typeof params.load, false>;
                  const pa = perfAnalyzer.executable === undefined ? undefined : { executable: perfAnalyzer.executable, exec: ctx.exec, scratchDir: ctx.workDir, csvFile: `${ctx.workDir}/perf_analyzer.csv`, served: (await client.modelMetadata(entry, String(version))).inputs };
                  const outcome = await loadCheck(params, load, entry, version, feeds, pa).catch((error: unknown) => {
                    // The deploy report keeps a failure's message only: perf_analyzer's repro line (its hint) goes into it.
                    throw isPipelineError(error) && error.hint ? new StageFailedError(error.code, `${error.message}\n  ${error.hint}`, { cause: error }) : error;
                  });
                  loadReport = outcome.report;
                  // A failing server is an infrastructure error (exit 3), not a gate the model missed.
                  if (outcome.fault) throw new StageFailedError(DeployStageCode.ServerFaults, outcome.fault, { transient: true });
                  gates.push(...outcome.gates);
                  return outcome;
                },
              },
            ]),
      ],
    });
    for (const s of report.steps) ctx.log.info(`${s.status === 'ok' ? 'ok    ' : 'FAILED'} ${s.step} (${Math.round(s.duration_ms)} ms): ${s.message}`);
    if (report.failure?.kind === 'infrastructure') {
      const restored = report.steps.some((s) => s.step.startsWith('rollback ')) ? 'the previous state was restored' : 'nothing on the server had changed yet';
      throw new StageFailedError(report.failure.code, `deploy to ${params.url} failed at ${report.failure.step}: ${report.failure.message}; ${report.outcome === 'rolled-back' ? restored : 'the ROLLBACK FAILED too — check the server'}`, {
        hint: (report.failure.code === KSERVE_ERROR_CODES.tls && refusesClientCertificate(report.failure.message) ? CLIENT_CERTIFICATE_HINT : INFRASTRUCTURE_HINTS[report.failure.code]) ?? 'is the server up and reachable, in --model-control-mode=explicit, and fast enough for request_timeout_ms?',
        transient: report.outcome === 'rolled-back' && INFRASTRUCTURE_HINTS[report.failure.code] === undefined,
      });
    }
    // Gates are recorded after the rollback, so a failed one (exit 1) leaves the server as it was.
    for (const gate of gates) ctx.report.gate(gate);
    const reportPath = await ctx.writeJson('deploy-report.json', report);
    const outputs: { report: { path: string; meta: Record<string, unknown> }; load?: { path: string; meta: BenchmarkReport } } = {
      report: { path: reportPath, meta: { outcome: report.outcome, version: report.version, entry } },
    };
    if (loadReport) outputs.load = { path: await ctx.writeJson('load-report.json', loadReport), meta: loadReport };
    return { outputs };
  } finally {
    await reference?.close();
    await client.close();
  }
}
