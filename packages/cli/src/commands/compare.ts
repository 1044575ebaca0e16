import path from 'node:path';
import { UsageError } from '@pipeline/errors';
import { displayPath } from '@pipeline/reports';
import { writeOutputFile } from '../output-file.js';
import type { CliIO, Command } from '../io.js';
import { workspaceFlag } from '../load-pipeline.js';

export const compareCommand: Command = {
  name: 'compare',
  usage: `pipeline compare <run-a> <run-b> [--workspace DIR] [--html FILE] [--json]

Puts two runs' figures side by side with deltas (b − a): every stage metric (latency percentiles,
throughput, accuracy figures), each stage's time (build time) and each output's size (engine size).
A run is a run id in the workspace's runs/, a run folder or a run.json path (a baseline kept in git).

  --workspace DIR   The .pipeline folder run ids are looked up in, or the folder or pipeline file beside it (default: ./.pipeline)
  --html FILE       Also write the comparison as a self-contained HTML page
  --json            Print the comparison as JSON instead of a table

Exit codes: 0 compared, 2 a run is not found or its run.json cannot be read.`,
  options: { workspace: { type: 'string' }, html: { type: 'string' }, json: { type: 'boolean' } },
  async run({ positionals, values }, io: CliIO): Promise<number> {
    const [first, second, ...extra] = positionals;
    if (!first || !second || extra.length > 0) throw new UsageError('E_USAGE', extra.length > 0 ? `unexpected argument "${extra[0]}"` : 'compare needs two runs', { hint: 'usage: pipeline compare <run-a> <run-b>' });
    const [{ locateRunRecord }, reports] = await Promise.all([import('@pipeline/core'), import('@pipeline/reports')]);
    const workspace = workspaceFlag(values.workspace as string | undefined, io.cwd);
    const sources = await Promise.all([first, second].map((name) => locateRunRecord(workspace, io.cwd, name)));
    const [a, b] = await Promise.all(sources.map((source) => reports.readRunRecordFile(source)));
    const comparison = reports.compareRuns(a as NonNullable<typeof a>, b as NonNullable<typeof b>);
    io.stdout.write(values.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : reports.renderComparisonText(comparison));
    if (typeof values.html === 'string') {
      const { renderComparisonHtml } = await import('@pipeline/report-html');
      const out = path.resolve(io.cwd, values.html);
      await writeOutputFile(out, renderComparisonHtml(comparison), '--html', sources);
      (values.json === true ? io.stderr : io.stdout).write(`comparison: ${displayPath(out, io.cwd)}\n`);
    }
    return 0;
  },
};
