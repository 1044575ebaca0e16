import path from 'node:path';
import { UsageError } from '@pipeline/errors';
import { openInBrowser, writeRunHtml } from '../html-report.js';
import type { CliIO, Command } from '../io.js';
import { workspaceFlag } from '../load-pipeline.js';
import { displayPath } from '@pipeline/reports';

export const reportCommand: Command = {
  name: 'report',
  usage: `pipeline report [run] [--workspace DIR] [--out FILE] [--open]

Writes a run's HTML report: one self-contained file (no network needed to open it) with the DAG,
gates, model, accuracy, performance, server load test, Triton package and environment, charts inline.
<run> is a run id in the workspace's runs/, a run folder or a run.json path; without it, the latest run.
pipeline run already writes .pipeline/runs/<run-id>/report.html after every run; this rewrites it
(or writes --out) from run.json, e.g. for a run.json kept from CI.

  --workspace DIR   The .pipeline folder to look in, or the folder or pipeline file beside it (default: ./.pipeline)
  --out FILE        Where to write (default: report.html beside the run.json)
  --open            Open it in the desktop's browser

Exit codes: 0 written, 2 no such run, or a run.json this version cannot read.`,
  options: { workspace: { type: 'string' }, out: { type: 'string' }, open: { type: 'boolean' } },
  async run({ positionals, values }, io: CliIO): Promise<number> {
    const [name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError('E_USAGE', `unexpected argument "${extra[0]}"`, { hint: 'usage: pipeline report [run] [--out FILE] [--open]' });
    const [{ locateRunRecord }, { readRunRecordFile }] = await Promise.all([import('@pipeline/core'), import('@pipeline/reports')]);
    const workspace = workspaceFlag(values.workspace as string | undefined, io.cwd);
    const source = await locateRunRecord(workspace, io.cwd, name);
    const record = await readRunRecordFile(source);
    const out = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : path.join(path.dirname(source), 'report.html');
    await writeRunHtml(record, out, typeof values.out === 'string' ? '--out' : 'the HTML report', [source]);
    io.stdout.write(`report: ${displayPath(out, io.cwd)} (run ${record.runId}, ${record.status})\n`);
    if (values.open === true && !(await openInBrowser(out))) io.stderr.write(`could not start a browser here; open ${out} yourself\n`);
    return 0;
  },
};
