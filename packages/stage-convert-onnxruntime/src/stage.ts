import path from 'node:path';
import { onnxModelKind, onnxModelMeta, ortOnlyOnnxModelKind, usesOrtOnlyOps } from '@pipeline/kinds';
import { readModel } from '@pipeline/onnx';
import { onnxRuntimeTool } from '@pipeline/runner-onnxruntime';
import { defineStage, input, output } from '@pipeline/sdk';
import { scaleWeight } from './fault.js';
import { convertToFloat16 } from './fp16.js';
import { optimizeSelfContained } from './optimize.js';
import { convertOrtParamsSchema, mayAddOrtOnlyOps } from './params.js';
import { writeSelfContained } from './self-contained.js';

/**
 * `convert/onnxruntime`: a real, measurable conversion on machines without TensorRT — FP16 on our ONNX
 * library, then (optionally) ONNX Runtime's own graph optimisation, saved. The output carries its lineage.
 * FP16 on an x86 CPU runs through casts: this path measures accuracy drift, it does not promise speed.
 */
export const convertOnnxRuntimeStage = defineStage({
  name: 'convert/onnxruntime',
  version: 2,
  description: 'FP16 conversion (ONNX library) and ONNX Runtime graph optimisation of an ONNX model, with lineage.',
  inputs: { model: input(onnxModelKind, { description: 'The FP32 model to convert.' }) },
  params: convertOrtParamsSchema,
  // ORT's optimiser writes the output: its version is in the cache key (read without loading the native library).
  tools: ['onnxruntime'],
  probe: async () => ({ onnxruntime: onnxRuntimeTool('ONNX Runtime graph optimisation (convert/onnxruntime)') }),
  outputs: {
    model: output(onnxModelKind, {
      description: 'The converted model; onnx-model/ort-only when the optimisation level may add com.microsoft ops.',
      kindFor: (params: Record<string, unknown>) => (mayAddOrtOnlyOps(params.optimization) ? ortOnlyOnnxModelKind : onnxModelKind),
    }),
  },
  async run(ctx) {
    const { model } = ctx.inputs;
    const { params } = ctx;
    const base = path.basename(model.path, '.onnx');
    const outPath = path.join(ctx.outDir, `${base}.${params.precision}${params.optimization === 'disabled' ? '' : `.ort-${params.optimization}`}.onnx`);
    const fault = params.inject_fault && params.inject_fault.factor !== 1 ? params.inject_fault : undefined;
    // Lazy read: weights stay in the input's file and side files until a conversion or the writer needs them.
    const onnx = await readModel(model.path);
    if (fault) {
      scaleWeight(onnx, fault.scale_tensor, fault.factor);
      ctx.log.warn(`inject_fault: weight '${fault.scale_tensor}' scaled by ${fault.factor}; this model is deliberately wrong`);
    }
    if (params.precision === 'fp16') {
      const summary = convertToFloat16(onnx, { keepIoTypes: params.keep_io_types, blockList: params.op_block_list });
      ctx.log.info(`fp16: ${summary.tensorsConverted} tensors converted, ${summary.castsRetargeted} Casts retargeted, ${summary.castsInserted} Casts inserted, ${summary.blockedNodes} nodes kept in float32`);
      if (summary.valuesClamped > 0) ctx.log.warn(`fp16: ${summary.valuesClamped} weight values beyond ±65504 were clamped to the largest float16`);
      ctx.report.metric('fp16.tensors_converted', summary.tensorsConverted);
      ctx.report.metric('fp16.values_clamped', summary.valuesClamped, { better: 'lower' });
    }
    if (params.optimization === 'disabled') {
      // Even an unchanged fp32 model is rewritten: weights in the input's side files must land in outDir.
      await writeSelfContained(onnx, outPath);
    } else {
      await optimizeSelfContained(onnx, model.path, outPath, {
        workDir: ctx.workDir,
        level: params.optimization,
        signal: ctx.signal,
        placeOutput: ctx.placeOutput,
        edited: params.precision === 'fp16' || fault !== undefined,
      });
    }
    // readModel throws, naming the file, if the writer left none; so the size below is the file's.
    const written = await readModel(outPath, { loadWeights: false });
    const size = (await ctx.fileSize(outPath)) ?? 0;
    const meta = {
      ...onnxModelMeta(written, size),
      lineage: [
        ...(model.meta.lineage ?? []),
        {
          from: model.digest,
          by: 'convert/onnxruntime',
          params: { precision: params.precision, keep_io_types: params.keep_io_types, op_block_list: params.op_block_list, optimization: params.optimization, ...(fault ? { inject_fault: fault } : {}) },
        },
      ],
    };
    ctx.report.metric('model.size_bytes', size, { better: 'lower' });
    ctx.report.summary(
      `Converted ${path.basename(model.path)} → ${path.basename(outPath)} (${params.precision}, ORT optimisation ${params.optimization}); ${model.size} → ${size} bytes. ` +
        'No speed-up is claimed: FP16 on an x86 CPU runs through casts; measure accuracy with `validate` and speed with `benchmark`.',
    );
    const ortOnly = usesOrtOnlyOps(meta) || mayAddOrtOnlyOps(params.optimization);
    return { outputs: { model: { path: outPath, meta, kind: ortOnly ? ortOnlyOnnxModelKind : onnxModelKind } } };
  },
});
