import { UsageError } from '@pipeline/errors';
import { type OnnxModel, type OnnxTensorProto, tensorFromProto, tensorToProto, walkNodes } from '@pipeline/onnx';

/**
 * Fault injection: multiplies one named float32 weight (an initializer or a Constant's value) by a
 * factor. It exists to prove that a pipeline's accuracy gates catch a broken conversion; a factor of 1
 * changes nothing.
 */
export function scaleWeight(model: OnnxModel, name: string, factor: number): void {
  if (factor === 1) return;
  const scale = (proto: OnnxTensorProto): OnnxTensorProto => {
    const tensor = tensorFromProto(proto);
    if (tensor.dtype !== 'float32') throw new UsageError('E_FAULT_TENSOR', `inject_fault: tensor '${name}' is ${tensor.dtype}, not float32`);
    const data = Float32Array.from(tensor.data as Float32Array, (v) => v * factor);
    return { ...tensorToProto(proto.name, { dtype: 'float32', shape: tensor.shape, data }), docString: proto.docString };
  };
  const index = model.graph.initializers.findIndex((i) => i.name === name);
  if (index >= 0) {
    model.graph.initializers[index] = scale(model.graph.initializers[index]!);
    return;
  }
  for (const { node } of walkNodes(model)) {
    const value = node.attributes.find((a) => a.name === 'value');
    if (node.opType === 'Constant' && node.outputs[0] === name && value?.type === 'tensor') {
      value.value = scale(value.value);
      return;
    }
  }
  throw new UsageError('E_FAULT_TENSOR', `inject_fault: the model has no initializer or Constant named '${name}'`);
}
