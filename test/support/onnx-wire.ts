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

/** Elements of one TensorProto: the product of its dims (field 1). */
const tensorElements = (tensor: Uint8Array) => wireFields(tensor).filter((f) => f.field === 1).reduce((product, f) => product * Number(f.value), 1);

/** Entries of a repeated scalar field: packed (one length-delimited run) or not (one field each). */
function repeatedCount(fields: WireField[], n: number, fixedWidth?: 4): number {
  let count = 0;
  for (const f of fields.filter((g) => g.field === n)) {
    if (f.wireType !== 2) count++;
    else if (fixedWidth) count += (f.value as Uint8Array).length / fixedWidth;
    // Packed varints: one ends at each byte without the continuation bit.
    else count += (f.value as Uint8Array).filter((b) => b < 0x80).length;
  }
  return count;
}

/**
 * Parameters stored in the model: initializers (GraphProto.initializer = 5) and the payload of each
 * Constant node (NodeProto.op_type = 4 "Constant", domain = 7 empty or ai.onnx), subgraphs included.
 * The payload is the attribute (AttributeProto.name = 1) `value` (t = 5: the product of the
 * TensorProto's dims, field 1), `sparse_value` (sparse_tensor = 22: its values = 1 and indices = 2
 * tensors), `value_float` / `value_int` (one element), `value_floats` (floats = 7, fixed32) or
 * `value_ints` (ints = 8, varints). Tensor attributes of other ops are not parameters. Another
 * independent reading of what `inspect` counts.
 */
export function countStoredElements(modelBytes: Uint8Array): {
  tensors: number;
  elements: number;
  initializers: number;
  constantNodes: number;
  constantElements: number;
} {
  const out = { tensors: 0, elements: 0, initializers: 0, constantNodes: 0, constantElements: 0 };
  const visitGraph = (graph: Uint8Array) => {
    const fields = wireFields(graph);
    for (const init of sub(fields, 5)) {
      out.initializers++;
      out.elements += tensorElements(init);
    }
    for (const node of sub(fields, 1)) {
      const nf = wireFields(node);
      const isConstant = text(sub(nf, 4)[0] ?? new Uint8Array()) === 'Constant' && ['', 'ai.onnx'].includes(text(sub(nf, 7)[0] ?? new Uint8Array()));
      let payload: number | undefined;
      for (const attribute of sub(nf, 5)) {
        const af = wireFields(attribute);
        const name = text(sub(af, 1)[0] ?? new Uint8Array());
        if (isConstant) {
          if (name === 'value') payload = tensorElements(sub(af, 5)[0] ?? new Uint8Array());
          else if (name === 'sparse_value') {
            const sparse = wireFields(sub(af, 22)[0] ?? new Uint8Array());
            payload = [...sub(sparse, 1), ...sub(sparse, 2)].reduce((n, t) => n + tensorElements(t), 0);
          } else if (name === 'value_float' || name === 'value_int') payload = 1;
          else if (name === 'value_floats') payload = repeatedCount(af, 7, 4);
          else if (name === 'value_ints') payload = repeatedCount(af, 8);
        }
        for (const g of [...sub(af, 6), ...sub(af, 11)]) visitGraph(g);
      }
      if (payload !== undefined) {
        out.constantNodes++;
        out.constantElements += payload;
        out.elements += payload;
      }
    }
  };
  const graph = sub(wireFields(modelBytes), 7)[0];
  if (graph) visitGraph(graph);
  out.tensors = out.initializers + out.constantNodes;
  return out;
}
