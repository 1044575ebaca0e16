import { appendFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { terminalCapabilities } from '@pipeline/charts';
import type { RunEvents } from '@pipeline/core';
import { formatDiagnostic, UsageError } from '@pipeline/errors';
import { baselineCheckFails, displayPath, failedGateAnnotations, ReportsCode, renderJunit, renderRunOutputs, renderRunReport, renderStepSummary, runSummaryLine } from '@pipeline/reports';
import { runReportPath, writeRunHtml } from '../html-report.js';
import type { CliIO, Command } from '../io.js';
import { loadPlanForRun } from '../load-pipeline.js';
import { checkOutputTarget, writeOutputFile } from '../output-file.js';
import { chooseRenderer } from '../ui/renderer-choice.js';

const CONTINUE = ['never', 'dependencies-successful', 'always'] as const;

function parseConcurrency(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('E_USAGE', `--concurrency ${String(value)}: expected a whole number ≥ 1`);
  return n;
}

/**
 * The terminal UI for this invocation: listr2 in a terminal that says its width, plain timestamped
 * lines otherwise (in CI, through a pipe, with --json: see `chooseRenderer`).
 */
async function terminalReporter(io: CliIO, json: boolean, verbose: boolean): Promise<RunEvents & { done?(): Promise<void> }> {
  const out = json ? io.stderr : io.stdout;
  if (chooseRenderer({ isTTY: io.stdout.isTTY, columns: io.stdout.columns, env: io.env, json }) === 'listr') {
    const { ListrRunReporter } = await import('../ui/listr-reporter.js');
    return new ListrRunReporter({ verbose });
  }
  const { PlainRunReporter } = await import('../ui/plain-reporter.js');
  return new PlainRunReporter(out, { verbose });
}

export const runCommand: Command = {
  name: 'run',
  usage: `pipeline run <file> [options]

  -p, --param key=value      Override a pipeline param (repeatable)
      --concurrency N        Stages running at once (default: CPU count)
      --continue MODE        After a failure: never (default) | dependencies-successful | always
      --no-cache             Run every stage, ignoring cache hits
      --force STAGE          Run this stage even on a cache hit (repeatable)
      --json                 Print run.json to stdout (progress goes to stderr)
      --junit FILE           Write a JUnit XML report (one testcase per stage)
      --verbose              Stream every stage's log

Exit codes: 0 success, 1 a gate failed, 2 invalid pipeline or usage (or the workspace is locked by
another run), 3 a stage errored, 130 interrupted. When GITHUB_STEP_SUMMARY is set, a Markdown summary
is appended to it. Every run also writes .pipeline/runs/<run-id>/report.html (see pipeline report).`,
  options: {
    param: { type: 'string', short: 'p', multiple: true },
    concurrency: { type: 'string' },
    continue: { type: 'string' },
    'no-cache': { type: 'boolean' },
    force: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    junit: { type: 'string' },
    verbose: { type: 'boolean' },
  },
  async run({ positionals, values }, io: CliIO): Promise<number> {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('E_USAGE', file ? `unexpected argument "${extra[0]}"` : 'missing the pipeline file', { hint: 'usage: pipeline run <file> [options]' });
    const continueOn = (values.continue as string | undefined) ?? 'never';
    if (!(CONTINUE as readonly string[]).includes(continueOn)) throw new UsageError('E_USAGE', `--continue ${continueOn}: expected one of ${CONTINUE.join(', ')}`);
    const concurrency = parseConcurrency(values.concurrency);
    // A --junit path that can never be written is said now, not after the run.
    const junit = typeof values.junit === 'string' ? resolve(io.cwd, values.junit) : undefined;
    if (junit !== undefined) await checkOutputTarget(junit, '--junit', [resolve(io.cwd, file)]);
    const { plan, hasher, workspace } = await loadPlanForRun(file, io, (values.param as string[] | undefined) ?? []);
    const known = new Set(plan.stages.flatMap((s) => [s.id, s.baseId]));
    for (const id of (values.force as string[] | undefined) ?? []) {
      if (!known.has(id)) throw new UsageError('E_USAGE', `--force ${id}: no such stage in ${file}`, { hint: `stages: ${[...known].join(', ')}` });
    }
    const json = values.json === true;
    const ui = await terminalReporter(io, json, values.verbose === true);
    const { runPlan } = await import('@pipeline/core');
    const record = await runPlan(plan, {
      workspace,
      ...(concurrency === undefined ? {} : { concurrency }),
      continueOn: continueOn as (typeof CONTINUE)[number],
      noCache: values['no-cache'] === true,
      force: (values.force as string[] | undefined) ?? [],
      signal: io.signal,
      events: ui,
      hasher,
      baseEnv: io.env,
    });
    // The HTML report beside run.json, before the closing lines that say where it is.
    const htmlReport = runReportPath(workspace, record.runId);
    const reportWritten = await writeRunHtml(record, htmlReport).then(
      () => true,
      (error: unknown) => {
        io.stderr.write(`warning: the HTML report was not written: ${(error as Error).message}\n`);
        return false;
      },
    );
    if (ui.done) {
      await ui.done();
      io.stdout.write(`${runSummaryLine(record)}\n`);
    }
    // Each stage's summary and gates, and where the results went, after the live output; --json readers have them in run.json.
    const where = [...renderRunOutputs(record, io.cwd), ...(reportWritten ? [`report: ${displayPath(htmlReport, io.cwd)}`] : [])];
    if (!json) io.stdout.write(renderRunReport(record, terminalCapabilities(io.env, io.stdout), where));
    const err = io.stderr;
    for (const stage of record.stages) {
      if (stage.error && (stage.status === 'errored' || stage.status === 'failed')) {
        const where = stage.log ? ` (log: ${join(workspace, 'runs', record.runId, stage.log)})` : '';
        err.write(`${formatDiagnostic({ code: stage.error.code, severity: 'error', message: `${stage.error.message}${where}`, stage: stage.id, ...(stage.error.hint ? { hint: stage.error.hint } : {}) })}\n`);
      }
    }
    // A breached baseline threshold with both figures, on stderr too: with --json it is the only line a person sees.
    for (const check of record.baseline?.checks.filter(baselineCheckFails) ?? []) {
      err.write(`${formatDiagnostic({ code: ReportsCode.BaselineRegression, severity: 'error', message: check.message, stage: check.stage })}\n`);
    }
    if (json) io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    if (junit !== undefined) await writeOutputFile(junit, renderJunit(record), '--junit', [resolve(io.cwd, file)]);
    if (io.env.GITHUB_ACTIONS === 'true') io.stdout.write(failedGateAnnotations(record));
    if (io.env.GITHUB_STEP_SUMMARY) {
      // The runner's own file, not the user's flag: failing to append to it must not change what the run says.
      const summary = io.env.GITHUB_STEP_SUMMARY;
      await appendFile(summary, renderStepSummary(record)).catch((error: NodeJS.ErrnoException) => {
        io.stderr.write(`warning: the GitHub step summary was not written to ${summary}: ${error.code ?? error.message}\n`);
      });
    }
    return record.exitCode;
  },
};
