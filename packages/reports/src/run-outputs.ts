import path from 'node:path';
import type { RunRecord } from './run-record.js';

type PipelineOutput = NonNullable<RunRecord['outputs']>[string];

/** Longest a plain value (`outputs: { n: ${{ … .meta.count }} }`) is shown before it is cut. */
const VALUE_CHARS = 60;

/** The path as typed from where the user is, when that is shorter than the absolute one. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && relative.length < file.length ? relative : file;
}

function valueText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}

/** One pipeline output as `[label, where]` rows: a matrix map gives a row per member. */
function outputRows(name: string, output: PipelineOutput, cwd: string): [string, string][] {
  if ('artifact' in output) return [[name, displayPath(output.artifact.path, cwd)]];
  if ('artifacts' in output) return Object.entries(output.artifacts).map(([member, a]) => [`${name}[${member}]`, displayPath(a.path, cwd)]);
  if ('value' in output) return [[name, `= ${valueText(output.value)}`]];
  return [[name, `absent: ${output.reason}`]];
}

function aligned(rows: readonly [string, string][]): string[] {
  // Past 32 characters a label stops setting the column: one long matrix id must not push every path right.
  const width = Math.min(32, Math.max(...rows.map(([label]) => label.length)));
  return rows.map(([label, where]) => `  ${label.padEnd(width)}  ${where}`);
}

/**
 * Where a run's results went, for the lines after the run summary (not with --json: run.json has
 * them): the pipeline's `outputs:` — each an artifact's file, a value, or absent with the reason —
 * or, for a pipeline that declares none, the output artifacts of every stage that succeeded or came
 * from the cache, as `stage.output`. Paths are relative to `cwd` when that is shorter. Empty when
 * there is nothing to show.
 */
export function renderRunOutputs(record: RunRecord, cwd: string): string[] {
  const declared = Object.entries(record.outputs ?? {});
  if (declared.length > 0) return ['outputs:', ...aligned(declared.flatMap(([name, output]) => outputRows(name, output, cwd)))];
  const rows = record.stages
    .filter((stage) => stage.status === 'succeeded' || stage.status === 'cached')
    .flatMap((stage) => Object.entries(stage.outputs).map(([port, a]): [string, string] => [`${stage.id}.${port}`, displayPath(a.path, cwd)]));
  return rows.length > 0 ? ['stage outputs (the pipeline declares no outputs:):', ...aligned(rows)] : [];
}
