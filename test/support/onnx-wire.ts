/**
 * A second, deliberately minimal reader of ONNX protobuf, for tests: it knows the wire format and a
 * handful of field numbers (ModelProto.graph = 7, GraphProto.node = 1, NodeProto.op_type = 4 and
 * domain = 7, NodeProto.attribute = 5, AttributeProto.g = 6 and graphs = 11) and nothing of the
 * library under test, so counts it gives are an independent expectation.
 */
export interface WireField {
  field: number;
  wireType: number;
  /** Varints and fixed-width values as bigint; length-delimited values as bytes. */
  value: bigint | Uint8Array;
}

export function wireFields(bytes: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const field = tag >> 3;
    const wireType = tag & 7;
    if (wireType === 0) out.push({ field, wireType, value: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      out.push({ field, wireType, value: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wireType === 1 || wireType === 5) {
      const width = wireType === 1 ? 8 : 4;
      let v = 0n;
      for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i] ?? 0);
      out.push({ field, wireType, value: v });
      pos += width;
    } else throw new Error(`wire type ${wireType}`);
  }
  return out;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const sub = (fields: WireField[], n: number) => fields.filter((f) => f.field === n).map((f) => f.value as Uint8Array);

/** Op histogram keyed `domain::OpType` (domain '' for ONNX), over the main graph and all subgraphs. */
export function countOps(modelBytes: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  const visitGraph = (graph: Uint8Array) => {
    for (const node of sub(wireFields(graph), 1)) {
      const fields = wireFields(node);
      const opType = text(sub(fields, 4)[0] ?? new Uint8Array());
      const domain = text(sub(fields, 7)[0] ?? new Uint8Array());
      const key = `${domain}::${opType}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const attribute of sub(fields, 5)) {
        const af = wireFields(attribute);
        for (const g of [...sub(af, 6), ...sub(af, 11)]) visitGraph(g);
      }
    }
  };
  const graph = sub(wireFields(modelBytes), 7)[0];
  if (graph) visitGraph(graph);
  return counts;
}

/**
 * Elements stored in the model as initializers (GraphProto.initializer = 5) and as tensor attributes
 * (AttributeProto.t = 5, the value of Constant nodes), subgraphs included: the product of each
 * TensorProto's dims (field 1). Another independent reading of what `inspect` counts as parameters.
 */
export function countStoredElements(modelBytes: Uint8Array): { tensors: number; elements: number } {
  let tensors = 0;
  let elements = 0;
  const addTensor = (tensor: Uint8Array) => {
    tensors++;
    elements += wireFields(tensor).filter((f) => f.field === 1).reduce((product, f) => product * Number(f.value), 1);
  };
  const visitGraph = (graph: Uint8Array) => {
    const fields = wireFields(graph);
    for (const init of sub(fields, 5)) addTensor(init);
    for (const node of sub(fields, 1)) {
      for (const attribute of sub(wireFields(node), 5)) {
        const af = wireFields(attribute);
        for (const t of sub(af, 5)) addTensor(t);
        for (const g of [...sub(af, 6), ...sub(af, 11)]) visitGraph(g);
      }
    }
  };
  const graph = sub(wireFields(modelBytes), 7)[0];
  if (graph) visitGraph(graph);
  return { tensors, elements };
}
