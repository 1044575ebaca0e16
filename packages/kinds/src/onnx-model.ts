import { stat } from 'node:fs/promises';
import { type AnyKind, type ArtifactKind, defineArtifactKind, fileKind } from '@pipeline/sdk';
import { type OnnxModelMeta, onnxModelMetaSchema } from './onnx-model-schema.js';

// The meta schemas live in onnx-model-schema.ts, which onnx-model-meta.ts (loaded on ingest) shares.
export { batchDimSchema, dimSchema, lineageStepSchema, onnxModelMetaSchema, valueSpecSchema } from './onnx-model-schema.js';
export type { OnnxModelMeta, ValueSpecMeta } from './onnx-model-schema.js';

/** True when the model has operators only ONNX Runtime runs (`com.microsoft`, from ORT's extended optimisations). */
export function usesOrtOnlyOps(meta: Pick<OnnxModelMeta, 'domains'>): boolean {
  return meta.domains.some((d) => d === 'com.microsoft' || d.startsWith('com.microsoft.'));
}

/** An ONNX model file (`.onnx`); its external-data files, if any, sit beside it and travel with it (companions). */
export const onnxModelKind: ArtifactKind<'onnx-model', OnnxModelMeta> = defineArtifactKind('onnx-model', onnxModelMetaSchema, {
  parent: fileKind,
  description: 'An ONNX model; its metadata carries IO specs, opsets, domains and the batch-dim verdict.',
  extensions: ['.onnx'],
  // The ONNX reader is imported on the first ingest, not with the kind: `pipeline check` of a file
  // without a literal model path, and every verb that only names kinds, never loads it.
  ingest: async (path) => {
    const [{ readModel }, { onnxModelMeta }] = await Promise.all([import('@pipeline/onnx'), import('./onnx-model-meta.js')]);
    return onnxModelMeta(await readModel(path), (await stat(path)).size);
  },
  refine: (meta): AnyKind | undefined => (usesOrtOnlyOps(meta) ? ortOnlyOnnxModelKind : undefined),
  // The weights in external-data files are the model as much as the graph: they enter its digest, and
  // the store keeps them beside it. A stage writing such a model lists them in the output's metadata.
  companions: (_path, meta) => meta.externalData,
});

/** An ONNX model with `com.microsoft` operators: ONNX Runtime runs it, TensorRT cannot, so TensorRT ports refuse it. */
export const ortOnlyOnnxModelKind: ArtifactKind<'onnx-model/ort-only', OnnxModelMeta> = defineArtifactKind('onnx-model/ort-only', onnxModelMetaSchema, {
  parent: onnxModelKind,
  description: 'An ONNX model that only ONNX Runtime can run (com.microsoft contrib operators).',
});
