import path from 'node:path';
import { onnxModelKind, ortOnlyOnnxModelKind, usesOrtOnlyOps } from '@pipeline/kinds';
import { onnxModelMeta } from '@pipeline/kinds/onnx-model-meta';
import { readModel } from '@pipeline/onnx';
import { scaleWeight } from './fault.js';
import { convertToFloat16 } from './fp16.js';
import { optimizeSelfContained } from './optimize.js';
import { mayAddOrtOnlyOps } from './params.js';
import { writeSelfContained } from './self-contained.js';
import type { ConvertOnnxRuntimeContext, ConvertOnnxRuntimeResult } from './ports.js';

/** The run of `convert/onnxruntime` (stage.ts imports it when the stage runs). */
export async function runConvertOnnxRuntime(ctx: ConvertOnnxRuntimeContext): Promise<ConvertOnnxRuntimeResult> {
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
}
