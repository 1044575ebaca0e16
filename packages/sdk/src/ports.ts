import type { ArtifactKind } from './artifact.js';

// biome-ignore lint/suspicious/noExplicitAny: a port may hold a kind of any metadata type.
export type AnyKind = ArtifactKind<string, any>;

export interface InputPortOptions {
  description?: string;
  /** The stage runs without it; `inputs.x` is then undefined. */
  optional?: boolean;
  /**
   * Takes several artifacts, keyed by producer id: the members of a matrix stage
   * (`${{ stages.convert.outputs.model }}` from a stage outside the matrix) or a list of references.
   */
  many?: boolean;
  /** Sub-kinds of `kind` this port refuses, e.g. a TensorRT port refuses `onnx-model/ort-only`. */
  refuse?: readonly AnyKind[];
}

export interface InputPort<K extends AnyKind = AnyKind, Optional extends boolean = boolean, Many extends boolean = boolean> {
  readonly type: 'input';
  readonly kind: K;
  readonly description: string;
  readonly optional: Optional;
  readonly many: Many;
  readonly refuse: readonly AnyKind[];
}

/** An artifact input of a stage: `inputs: { model: input(onnxModel) }`. */
export function input<K extends AnyKind, const O extends InputPortOptions = Record<never, never>>(
  kind: K,
  options?: O,
): InputPort<K, O['optional'] extends true ? true : false, O['many'] extends true ? true : false> {
  return Object.freeze({
    type: 'input',
    kind,
    description: options?.description ?? '',
    optional: (options?.optional ?? false) as O['optional'] extends true ? true : false,
    many: (options?.many ?? false) as O['many'] extends true ? true : false,
    refuse: options?.refuse ?? [],
  });
}

export interface OutputPortOptions {
  description?: string;
  /** The stage may not produce it (e.g. a log that only exists on failure). */
  optional?: boolean;
  /**
   * The exact kind this output will have for the given params, known before anything runs, so a
   * mismatch is reported at check time (an `extended` ORT optimisation yields `onnx-model/ort-only`).
   */
  kindFor?: (params: Record<string, unknown>) => AnyKind;
  /**
   * For an optional output: whether the stage produces it for the given params, known before anything
   * runs, so a reference to an output these params never produce is reported at check time.
   */
  producedWhen?: (params: Record<string, unknown>) => boolean;
}

export interface OutputPort<K extends AnyKind = AnyKind, Optional extends boolean = boolean> {
  readonly type: 'output';
  readonly kind: K;
  readonly description: string;
  readonly optional: Optional;
  readonly kindFor: ((params: Record<string, unknown>) => AnyKind) | undefined;
  readonly producedWhen: ((params: Record<string, unknown>) => boolean) | undefined;
}

/** An artifact output of a stage: `outputs: { engine: output(tensorrtEngine) }`. */
export function output<K extends AnyKind, const O extends OutputPortOptions = Record<never, never>>(
  kind: K,
  options?: O,
): OutputPort<K, O['optional'] extends true ? true : false> {
  return Object.freeze({
    type: 'output',
    kind,
    description: options?.description ?? '',
    optional: (options?.optional ?? false) as O['optional'] extends true ? true : false,
    kindFor: options?.kindFor,
    producedWhen: options?.producedWhen,
  });
}
