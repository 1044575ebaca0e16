import type { OnnxModel, OnnxNode } from '@pipeline/onnx';
import { tensorFromProto, tensorToProto } from '@pipeline/onnx';

/**
 * Test helper: scales, in place, the float32 weight that a Constant node feeding the first node of
 * `opType` holds — a deliberately perturbed candidate, made with the ONNX library. Returns the Constant's name.
 */
export function scaleConstantFeeding(model: OnnxModel, opType: string, inputIndex: number, factor: number): string {
  const consumer = model.graph.nodes.find((n) => n.opType === opType);
  const name = consumer?.inputs[inputIndex];
  const constant = model.graph.nodes.find((n: OnnxNode) => n.opType === 'Constant' && n.outputs[0] === name);
  const attribute = constant?.attributes.find((a) => a.name === 'value');
  if (!constant || attribute?.type !== 'tensor') throw new Error(`no Constant feeds input ${inputIndex} of the first ${opType}`);
  const tensor = tensorFromProto(attribute.value);
  const data = Float32Array.from(tensor.data as Float32Array, (v) => v * factor);
  attribute.value = tensorToProto(attribute.value.name, { dtype: 'float32', shape: tensor.shape, data });
  return constant.name || name!;
}
