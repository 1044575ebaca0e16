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
import { UsageError } from '@pipeline/errors';
import type { Runner, RunnerFactory, RunnerInfo } from '@pipeline/runner';
import type { GateInput, ProgressUpdate, StageLogger } from '@pipeline/sdk';
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
  signal?: AbortSignal;
  log?: Pick<StageLogger, 'info' | 'warn'>;
  progress?: (update: ProgressUpdate) => void;
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
    candidate = await (deps.openCandidate ?? deps.openRunner)(inputs.candidate.path, loadOptions);
    const casts = checkCandidate(reference, candidate, { reference: inputs.reference.name, candidate: inputs.candidate.name });
    const outputNames = reference.outputs.map((o) => o.name);
    const perOutput = overrides(params.outputs, outputNames);
    const comparison = new AccuracyComparison({ defaults: checkFor(params.tolerance), outputs: perOutput });
    const expected = new ExpectedOutputsComparison(expectedCheck(params, perOutput), outputNames, inputs.reference.name);
    const task = taskMetrics(inputs, params, outputNames);
    const source = openDataSource(params.data, { specs: reference.inputs, outputSpecs: reference.outputs, dataset: inputs.dataset });
    let samples = 0;
    let capped: string | undefined;
    for await (const sample of source.samples(deps.signal)) {
      if (deps.sampleCap && samples >= deps.sampleCap.count) {
        capped = `validated the first ${samples} samples only${source.count === undefined ? '' : ` of ${source.count}`}: ${deps.sampleCap.why}`;
        deps.log?.warn(capped);
        break;
      }
      const runOptions = deps.signal ? { signal: deps.signal } : {};
      const refOut = await reference.run(sample.feeds, runOptions);
      const candOut = await candidate.run(castFeeds(sample.feeds, casts), runOptions);
      const compared = comparison.addSample(sample.id, refOut, candOut);
      expected.add(sample.id, sample.expected, refOut);
      task?.reference.update({ id: sample.id, index: samples }, refOut);
      task?.candidate.update({ id: sample.id, index: samples }, candOut);
      samples++;
      deps.progress?.({ current: samples, ...(source.count !== undefined ? { total: source.count } : {}), message: compared.passed ? sample.id : `${sample.id} (outside tolerance)` });
    }
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
