import {
  AccuracyComparison,
  checkOptionsFromParams,
  DEFAULT_CHECK,
  type OutputCheckOptions,
  type OutputSummary,
  parseLabels,
  type TaskMetric,
  type TaskResults,
  toleranceGates,
  topKAccuracy,
  userGates,
} from '@pipeline/accuracy';
import type { Sample } from '@pipeline/data';
import { UsageError } from '@pipeline/errors';
import type { Runner, RunnerFactory, RunnerInfo } from '@pipeline/runner';
import type { GateInput, ProgressUpdate, StageLogger } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';
import { splitOutputs, stackable, stackFeeds } from './batch-samples.js';
import { castFeeds, checkCandidate } from './compatibility.js';
import { openDataSource } from './data-source.js';
import { ExpectedOutputsComparison, expectedOutputGates } from './expected-outputs.js';
import type { ValidateParams } from './params.js';

/** A model or file as the report names it. */
export interface NamedFile {
  name: string;
  path: string;
  digest: string;
}

export interface ValidateInputs {
  reference: NamedFile;
  candidate: NamedFile & { kind: string };
  /** The labels file and its text. */
  labels?: NamedFile & { text: string };
  /** The `dataset` folder, for image and test-data sources. */
  dataset?: string;
}

export interface ValidateDeps {
  openRunner: RunnerFactory;
  /** Opens the candidate when it needs another runner than the reference (a TensorRT engine); default `openRunner`. */
  openCandidate?: RunnerFactory;
  /** Stop after this many samples, and say why (a candidate run one process per sample). */
  sampleCap?: { count: number; why: string };
  /** Stack consecutive samples into one candidate run of at most this many first-axis rows (default 1: one run per sample). */
  candidateBatch?: number;
  signal?: AbortSignal;
  log?: Pick<StageLogger, 'info' | 'warn'>;
  progress?: (update: ProgressUpdate) => void;
}

/** First-axis rows of a sample's feeds (1 for a scalar or an unbatched feed). */
function rowsOf(feeds: Readonly<Record<string, Tensor>>): number {
  const first = Object.values(feeds)[0];
  return first?.shape[0] ?? 1;
}

/** What the comparison found, before it becomes a report. */
export interface ValidationResult {
  runner: RunnerInfo;
  data: { description: string; samples: number };
  outputs: OutputSummary[];
  task: { output: string; results: TaskResults } | undefined;
  /** The reference against the data set's expected outputs, when its samples carry them. */
  expected: { samples: number; outputs: OutputSummary[] } | undefined;
  /** Tolerance gates per output, then the user's gates, then the expected-output gates, in that order. */
  gates: GateInput[];
  /** Why fewer samples than the source holds were compared (the `sampleCap`), when that happened. */
  capped?: string;
  /** How the samples were stacked into candidate runs, when the candidate batches them. */
  batching?: string;
}

/**
 * Runs reference and candidate on the same samples (one at a time: memory stays flat in the number of
 * samples), compares every output and feeds the task metrics, then builds the gates.
 */
export async function validateModels(inputs: ValidateInputs, params: ValidateParams, deps: ValidateDeps): Promise<ValidationResult> {
  const loadOptions = { ...(params.threads.intra_op !== undefined ? { intraOpThreads: params.threads.intra_op } : {}), ...(deps.signal ? { signal: deps.signal } : {}) };
  const reference = await deps.openRunner(inputs.reference.path, loadOptions);
  let candidate: Runner | undefined;
  try {
    const opened = await (deps.openCandidate ?? deps.openRunner)(inputs.candidate.path, loadOptions);
    candidate = opened;
    const casts = checkCandidate(reference, opened, { reference: inputs.reference.name, candidate: inputs.candidate.name });
    const outputNames = reference.outputs.map((o) => o.name);
    const perOutput = overrides(params.outputs, outputNames);
    const comparison = new AccuracyComparison({ defaults: checkFor(params.tolerance), outputs: perOutput });
    const expected = new ExpectedOutputsComparison(expectedCheck(params, perOutput), outputNames, inputs.reference.name);
    const task = taskMetrics(inputs, params, outputNames);
    const source = openDataSource(params.data, { specs: reference.inputs, outputSpecs: reference.outputs, dataset: inputs.dataset });
    let samples = 0;
    let capped: string | undefined;
    const runOptions = deps.signal ? { signal: deps.signal } : {};
    // Samples wait here until the candidate's batch is full: a candidate run costs a process (trtexec).
    let pending: Array<{ sample: Sample; refOut: Record<string, Tensor>; feeds: Record<string, Tensor> }> = [];
    let pendingRows = 0;
    let candidateRuns = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const only = pending.length === 1 ? pending[0] : undefined;
      const candOuts = only ? [await opened.run(only.feeds, runOptions)] : splitOutputs(await opened.run(stackFeeds(pending.map((p) => p.feeds)), runOptions), pending.map((p) => rowsOf(p.feeds)));
      candidateRuns++;
      for (const [i, { sample, refOut }] of pending.entries()) {
        const candOut = candOuts[i] as Record<string, Tensor>;
        const compared = comparison.addSample(sample.id, refOut, candOut);
        expected.add(sample.id, sample.expected, refOut);
        task?.reference.update({ id: sample.id, index: samples }, refOut);
        task?.candidate.update({ id: sample.id, index: samples }, candOut);
        samples++;
        deps.progress?.({ current: samples, ...(source.count !== undefined ? { total: source.count } : {}), message: compared.passed ? sample.id : `${sample.id} (outside tolerance)` });
      }
      pending = [];
      pendingRows = 0;
    };
    for await (const sample of source.samples(deps.signal)) {
      if (deps.sampleCap && samples + pending.length >= deps.sampleCap.count) {
        capped = `validated the first ${samples + pending.length} samples only${source.count === undefined ? '' : ` of ${source.count}`}: ${deps.sampleCap.why}`;
        deps.log?.warn(capped);
        break;
      }
      const refOut = await reference.run(sample.feeds, runOptions);
      const feeds = castFeeds(sample.feeds, casts);
      const rows = rowsOf(feeds);
      const first = pending[0];
      if (first && (pendingRows + rows > (deps.candidateBatch ?? 1) || !stackable(first.feeds, feeds))) await flush();
      pending.push({ sample, refOut, feeds });
      pendingRows += rows;
    }
    await flush();
    const batching = deps.candidateBatch === undefined ? undefined : `the candidate ran ${candidateRuns} time(s) for ${samples} samples (at most ${deps.candidateBatch} rows per run)`;
    if (batching) deps.log?.info(batching);
    if (samples === 0) throw new UsageError('E_VALIDATE_DATASET', `data source ${source.describe()} gave no samples`);
    const outputs = comparison.summaries();
    const taskResults = task ? { reference: task.reference.result(), candidate: task.candidate.result() } : { reference: {}, candidate: {} };
    const expectedOutputs = expected.summaries();
    const gates = [...toleranceGates(outputs), ...userGates(params.gates, outputs, taskResults), ...expectedOutputGates(expectedOutputs)];
    return {
      runner: reference.info,
      data: { description: source.describe(), samples },
      outputs,
      task: task ? { output: task.output, results: taskResults } : undefined,
      expected: expected.samples > 0 ? { samples: expected.samples, outputs: expectedOutputs } : undefined,
      gates,
      ...(capped === undefined ? {} : { capped }),
      ...(batching === undefined ? {} : { batching }),
    };
  } finally {
    await candidate?.close();
    await reference.close();
  }
}

function checkFor(params: ValidateParams['tolerance']): OutputCheckOptions {
  return { ...DEFAULT_CHECK, ...checkOptionsFromParams(params) };
}

/**
 * The check against expected outputs: the candidate's (`tolerance`, then `outputs` overrides), with
 * `expected_tolerance` over both when given — a data set's outputs come from another framework, whose
 * drift from ONNX Runtime is not the drift a conversion is allowed.
 */
function expectedCheck(params: ValidateParams, perOutput: Record<string, Partial<OutputCheckOptions>>) {
  const strict = params.expected_tolerance ? checkOptionsFromParams(params.expected_tolerance) : {};
  return {
    defaults: { ...checkFor(params.tolerance), ...strict },
    outputs: Object.fromEntries(Object.entries(perOutput).map(([name, p]) => [name, { ...p, ...strict }])),
  };
}

function overrides(outputs: ValidateParams['outputs'], names: readonly string[]): Record<string, Partial<OutputCheckOptions>> {
  const unknown = Object.keys(outputs).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new UsageError('E_VALIDATE_OUTPUTS', `outputs: ${unknown.map((n) => `'${n}'`).join(', ')} not among the model's outputs (${names.map((n) => `'${n}'`).join(', ')})`);
  }
  return Object.fromEntries(Object.entries(outputs).map(([name, p]) => [name, checkOptionsFromParams(p)]));
}

function taskMetrics(inputs: ValidateInputs, params: ValidateParams, outputNames: readonly string[]) {
  if (!inputs.labels) return undefined;
  const output = params.task.output ?? (outputNames.length === 1 ? outputNames[0] : undefined);
  if (output === undefined || !outputNames.includes(output)) {
    throw new UsageError('E_VALIDATE_TASK', `task.output must name the output holding class scores (outputs: ${outputNames.map((n) => `'${n}'`).join(', ')})`);
  }
  const labels = parseLabels(inputs.labels.text, inputs.labels.name);
  const make = (): TaskMetric => topKAccuracy({ output, labels, ks: params.task.top_k, labelsFile: inputs.labels!.name });
  return { output, reference: make(), candidate: make() };
}
