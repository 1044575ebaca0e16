import { AccuracyComparison, type ComparisonOptions, type OutputSummary, toleranceGates } from '@pipeline/accuracy';
import { InvalidInputError } from '@pipeline/errors';
import type { GateInput } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';

/**
 * The reference model against the outputs a data set says are right (ONNX test data's `output_K.pb`,
 * expected tensors in .npz/.json files). The expected tensor plays the comparison's reference (relative
 * errors divide by it) and the reference model's output its candidate. Samples without expected outputs
 * are skipped: the section covers the samples that have them, and says how many.
 */
export class ExpectedOutputsComparison {
  private readonly comparison: AccuracyComparison;
  private compared = 0;

  constructor(
    options: ComparisonOptions,
    private readonly outputNames: readonly string[],
    private readonly referenceName: string,
  ) {
    this.comparison = new AccuracyComparison(options);
  }

  /** Adds one sample; `outputs` are the reference model's answers to it. */
  add(sample: string, expected: Readonly<Record<string, Tensor>> | undefined, outputs: Readonly<Record<string, Tensor>>): void {
    if (expected === undefined) return;
    const unknown = Object.keys(expected).filter((name) => !this.outputNames.includes(name));
    if (unknown.length > 0) {
      throw new InvalidInputError(
        'E_EXPECTED_OUTPUT',
        `sample '${sample}': expected output(s) ${unknown.map((n) => `'${n}'`).join(', ')} are not outputs of ${this.referenceName} (${this.outputNames.map((n) => `'${n}'`).join(', ')})`,
      );
    }
    const answered = Object.fromEntries(Object.keys(expected).map((name) => [name, outputs[name]!]));
    this.comparison.addSample(sample, expected, answered);
    this.compared++;
  }

  /** How many samples carried expected outputs. */
  get samples(): number {
    return this.compared;
  }

  summaries(): OutputSummary[] {
    return this.comparison.summaries();
  }
}

/**
 * One gate per output with expected outputs: the reference model must match the data set within the
 * tolerance. Named `expected:<output>` so it never collides with the candidate's `tolerance:<output>`.
 */
export function expectedOutputGates(summaries: readonly OutputSummary[]): GateInput[] {
  return toleranceGates(summaries).map((gate) => {
    const output = gate.name.slice('tolerance:'.length);
    const renamed: GateInput = { ...gate, name: `expected:${output}`, metric: `expected:${output}.failed_samples` };
    if (gate.message !== undefined) renamed.message = `reference vs the data set's expected outputs: ${gate.message}`;
    return renamed;
  });
}
