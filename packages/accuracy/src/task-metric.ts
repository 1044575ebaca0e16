import { InvalidInputError } from '@pipeline/errors';
import type { Tensor } from '@pipeline/tensor';
import type { Labels } from './labels.js';
import { tensorAsFloat } from './to-float.js';
import { rankInRow } from './topk.js';

/** What a task metric sees of a sample besides the outputs. */
export interface TaskSample {
  id: string;
  index: number;
}

/**
 * A metric of the task itself (accuracy against true labels, later mAP), computed once per model, streamed
 * sample by sample. `result()` may be called at any time and returns named values (fractions in [0, 1]).
 */
export interface TaskMetric {
  readonly name: string;
  update(sample: TaskSample, outputs: Readonly<Record<string, Tensor>>): void;
  result(): Record<string, number>;
}

export interface TopKAccuracyOptions {
  /** The output holding class scores over its last axis. */
  output: string;
  labels: Labels;
  /** Which k to report, e.g. [1, 5] → `top1_accuracy`, `top5_accuracy`. */
  ks: readonly number[];
  /** Named in errors (the labels file's path). */
  labelsFile: string;
}

/**
 * Top-k accuracy against true labels: a row counts as correct at k when its labelled class is among the k
 * highest scores (ties counted in its favour). A sample without a label is an error: silently skipping it
 * would report accuracy over a different set than the user thinks.
 */
export function topKAccuracy(options: TopKAccuracyOptions): TaskMetric {
  const correct = new Array<number>(options.ks.length).fill(0);
  let rows = 0;
  return {
    name: 'top_k_accuracy',
    update(sample, outputs) {
      const tensor = outputs[options.output];
      if (!tensor) {
        throw new InvalidInputError('E_TASK_OUTPUT', `task metric top-k: the model has no output '${options.output}'`, {
          hint: `outputs are: ${Object.keys(outputs).join(', ')}`,
        });
      }
      const truth = options.labels.get(sample.id);
      if (!truth) throw new InvalidInputError('E_LABEL_MISSING', `${options.labelsFile}: no label for sample '${sample.id}'`);
      const classes = tensor.shape.at(-1) ?? 0;
      const scores = tensorAsFloat(tensor, `output '${options.output}'`);
      const sampleRows = classes > 0 ? scores.length / classes : 0;
      if (truth.length !== sampleRows) {
        throw new InvalidInputError(
          'E_LABEL_COUNT',
          `${options.labelsFile}: sample '${sample.id}' has ${truth.length} label(s) but output '${options.output}' has ${sampleRows} row(s)`,
        );
      }
      truth.forEach((cls, row) => {
        if (cls >= classes) {
          throw new InvalidInputError('E_LABEL_RANGE', `${options.labelsFile}: sample '${sample.id}' has class ${cls}, the output has ${classes} classes`);
        }
        const rank = rankInRow(scores, row * classes, classes, cls);
        options.ks.forEach((k, i) => {
          if (rank < k) correct[i]!++;
        });
      });
      rows += truth.length;
    },
    result() {
      const out: Record<string, number> = {};
      options.ks.forEach((k, i) => {
        out[`top${k}_accuracy`] = rows > 0 ? correct[i]! / rows : Number.NaN;
      });
      return out;
    },
  };
}
