import type { IoSpec, LintFinding, ShapeProfile } from '@pipeline/kinds';
import { normalizeDomain, type OnnxModel, type OnnxType, walkGraphs, walkNodes, walkTensors } from '@pipeline/onnx';
import { CONTROL_FLOW_OPS, DATA_DEPENDENT_SHAPE_OPS, operatorTables, QDQ_OPS, type TensorRTVersion } from './operator-support.js';
import { suggestProfiles } from './profiles.js';

/** At most this many names per finding; `nodeCount` keeps the total. */
const MAX_NAMES = 20;

export interface LintResult {
  findings: LintFinding[];
  suggestedProfiles: ShapeProfile[];
}

type Severity = LintFinding['severity'];

/**
 * The TensorRT-compatibility lint: every rule inspects the whole model (subgraphs and functions
 * included) and yields findings as data. Nothing here runs TensorRT; it predicts what its ONNX parser
 * and builder will say, from the operator table of `version` and known limits.
 */
export function lintForTensorRT(model: OnnxModel, io: { inputs: IoSpec[]; outputs: IoSpec[] }, version: TensorRTVersion): LintResult {
  const table = operatorTables[version];
  const findings: LintFinding[] = [];
  const add = (code: string, severity: Severity, message: string, names: string[], hint: string) => {
    const unique = [...new Set(names)];
    findings.push({ code, severity, message, nodes: unique.slice(0, MAX_NAMES), nodeCount: unique.length, hint });
  };
  const supported = new Set<string>(table.supported);
  const unsupported = new Set<string>(table.unsupported);
  const localFunctions = new Set(model.functions.map((f) => `${f.domain}::${f.name}`));

  // Group nodes by what a rule needs: op type per category, names for the finding.
  const byOp = new Map<string, string[]>();
  const customDomains = new Map<string, string[]>();
  const ortOnly: string[] = [];
  const functionCalls: string[] = [];
  for (const { node } of walkNodes(model)) {
    const name = node.name || `${node.opType}(${node.outputs[0] ?? ''})`;
    const domain = normalizeDomain(node.domain);
    if (localFunctions.has(`${node.domain}::${node.opType}`)) functionCalls.push(name);
    else if (domain.startsWith('com.microsoft')) ortOnly.push(`${name} (${node.opType})`);
    else if (domain !== 'ai.onnx') customDomains.set(domain, [...(customDomains.get(domain) ?? []), `${name} (${node.opType})`]);
    else byOp.set(node.opType, [...(byOp.get(node.opType) ?? []), name]);
  }

  for (const [op, names] of byOp) {
    if (unsupported.has(op)) {
      add('TRT_UNSUPPORTED_OP', 'error', `TensorRT ${version}'s ONNX parser does not support ${op} (${names.length} node(s))`, names, `replace ${op} before export (or fold it with onnx-simplifier / Polygraphy's constant folding), or implement it as a TensorRT plugin`);
    } else if (!supported.has(op)) {
      add('TRT_UNLISTED_OP', 'warning', `${op} is not in the operator table for TensorRT ${version} (${names.length} node(s))`, names, 'check the onnx-tensorrt operators.md of your TensorRT release; a trial build with trtexec settles it');
    }
  }
  for (const [domain, names] of customDomains) {
    add('TRT_CUSTOM_DOMAIN', 'error', `${names.length} node(s) use operators of the custom domain ${domain}`, names, `TensorRT needs a plugin for each ${domain} operator (registered with the plugin registry and loaded with trtexec --staticPlugins / --dynamicPlugins)`);
  }
  if (ortOnly.length > 0) {
    add('TRT_ORT_ONLY_OPS', 'error', `${ortOnly.length} node(s) use com.microsoft operators, which only ONNX Runtime runs`, ortOnly, 'give TensorRT the model before ONNX Runtime extended/layout optimisations (optimization level "basic" keeps standard ops), or deploy with the ONNX Runtime backend');
  }
  if (functionCalls.length > 0) {
    add('TRT_LOCAL_FUNCTION', 'warning', `${functionCalls.length} node(s) call model-local functions (${model.functions.length} defined)`, functionCalls, 'they are not plugins: inline them (onnx.inliner.inline_local_functions) so the parser sees standard operators');
  }

  const opNames = (ops: Set<string>) => [...byOp].filter(([op]) => ops.has(op)).flatMap(([op, names]) => names.map((n) => `${n} (${op})`));
  const controlFlow = opNames(CONTROL_FLOW_OPS);
  if (controlFlow.length > 0) {
    add('TRT_CONTROL_FLOW', 'warning', `${controlFlow.length} control-flow node(s) (If/Loop/Scan)`, controlFlow, 'TensorRT builds conditionals and loops with restrictions (If branches must produce broadcastable shapes; loop-carried shapes must not change); fold If on constant conditions first (Polygraphy surgeon sanitize --fold-constants)');
  }
  const dataDependent = opNames(DATA_DEPENDENT_SHAPE_OPS);
  if (dataDependent.length > 0) {
    add('TRT_DATA_DEPENDENT_SHAPE', 'warning', `${dataDependent.length} node(s) have data-dependent output shapes`, dataDependent, version === '8.6' ? 'TensorRT 8.6 pads such outputs to a fixed upper bound or rejects them; post-process on the host or use a plugin (e.g. EfficientNMS)' : 'TensorRT 10 runs them with an output allocator, which serialises the stream; expect lower throughput, or move them to post-processing');
  }
  const qdq = opNames(QDQ_OPS);
  if (qdq.length > 0) {
    add('TRT_QDQ', 'info', `the model is explicitly quantized (${qdq.length} QuantizeLinear/DequantizeLinear node(s))`, qdq, 'build with --int8 (or --best) to use the Q/DQ scales; precision is then fixed by the model, not by calibration');
  }

  lintTypes(model, io, version, add);
  lintOpsets(model, version, table.opset, add);
  const suggestedProfiles = lintDynamicShapes(model, io, add);
  return { findings, suggestedProfiles };
}

type Add = (code: string, severity: Severity, message: string, names: string[], hint: string) => void;

function lintTypes(model: OnnxModel, io: { inputs: IoSpec[]; outputs: IoSpec[] }, version: TensorRTVersion, add: Add): void {
  const typed: { name: string; type: OnnxType }[] = [];
  for (const graph of walkGraphs(model)) for (const v of [...graph.inputs, ...graph.outputs, ...graph.valueInfo]) typed.push(v);
  const elem = (t: OnnxType) => (t.kind === 'tensor' || t.kind === 'sparse_tensor' ? t.elemType : undefined);
  const tensors = walkTensors(model);
  const ofElem = (code: number) => [
    ...typed.filter((v) => elem(v.type) === code).map((v) => v.name),
    ...tensors.filter((t) => t.tensor.dataType === code).map((t) => t.tensor.name || `${t.node?.name ?? ''}.value`),
  ];
  const strings = ofElem(8);
  if (strings.length > 0) add('TRT_STRING_TYPE', 'error', `${strings.length} string tensor(s): TensorRT has no string type`, strings, 'do tokenisation and string handling outside the engine (Triton ensemble pre/post-processing with the Python backend)');
  const nonTensor = typed.filter((v) => v.type.kind === 'sequence' || v.type.kind === 'map' || v.type.kind === 'optional');
  if (nonTensor.length > 0) add('TRT_NON_TENSOR_TYPE', 'error', `${nonTensor.length} value(s) are sequences, maps or optionals, which TensorRT cannot represent`, nonTensor.map((v) => v.name), 'change the export so every value is a tensor (e.g. stack a sequence into one tensor)');
  const int64 = ofElem(7);
  if (int64.length > 0) {
    const ioInt64 = [...io.inputs, ...io.outputs].filter((v) => v.dtype === 'int64').map((v) => v.name);
    if (version === '8.6') {
      add('TRT_INT64', 'warning', `${int64.length} INT64 tensor(s)${ioInt64.length ? `, including IO ${ioInt64.join(', ')}` : ''}: TensorRT 8.6 casts INT64 down to INT32, clamping values`, int64, 'values beyond ±2^31 are clamped; bindings of INT64 IO become INT32, so feed int32 data (Triton config data_type TYPE_INT32)');
    } else {
      add('TRT_INT64', 'info', `${int64.length} INT64 tensor(s)${ioInt64.length ? `, including IO ${ioInt64.join(', ')}` : ''}: TensorRT 10 keeps INT64 but some layers run only in INT32`, int64, 'usually harmless (shape arithmetic); if the build fails on an INT64 layer, cast to INT32 in the export');
    }
  }
  const doubles = ofElem(11);
  if (doubles.length > 0) add('TRT_DOUBLE', 'warning', `${doubles.length} DOUBLE tensor(s): TensorRT casts DOUBLE to FLOAT, clamping to ±FLT_MAX`, doubles, 'export in float32; precision beyond float32 is lost in the engine anyway');
}

function lintOpsets(model: OnnxModel, version: TensorRTVersion, range: { min: number; max: number }, add: Add): void {
  const onnx = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!onnx) return;
  if (onnx.version < range.min) {
    add('TRT_OPSET_TOO_OLD', 'error', `the model imports ONNX opset ${onnx.version}; TensorRT ${version} reads opset ${range.min} to ${range.max}`, [], `convert it with onnx.version_converter.convert_version(model, ${Math.max(range.min, 13)})`);
  } else if (onnx.version > range.max) {
    add('TRT_OPSET_TOO_NEW', 'warning', `the model imports ONNX opset ${onnx.version}; TensorRT ${version} is documented up to opset ${range.max}`, [], `re-export with opset ${range.max} (torch.onnx.export(..., opset_version=${range.max})) or use a newer TensorRT`);
  }
}

function lintDynamicShapes(model: OnnxModel, io: { inputs: IoSpec[] }, add: Add): ShapeProfile[] {
  const unknownRank = io.inputs.filter((v) => v.kind === 'tensor' && v.shape === null).map((v) => v.name);
  if (unknownRank.length > 0) add('TRT_UNKNOWN_RANK', 'error', `${unknownRank.length} input(s) have no declared shape; TensorRT needs every input's rank`, unknownRank, 'declare the input shape at export (dynamic_axes for the dims that vary)');
  const dynamic = io.inputs.filter((v) => v.shape !== null && v.dynamicAxes.length > 0);
  if (dynamic.length === 0) return [];
  const profiles = suggestProfiles(model, dynamic);
  const described = dynamic.map((v) => `${v.name}[${(v.shape ?? []).map((d) => d ?? '?').join(', ')}]`);
  const flags = (key: 'min' | 'opt' | 'max') => profiles.map((p) => `${p.input}:${p[key].join('x')}`).join(',');
  add('TRT_DYNAMIC_SHAPE', 'warning', `${dynamic.length} input(s) have dynamic dims and need an optimization profile: ${described.join('; ')}`, dynamic.map((v) => v.name), `give min/opt/max shapes from your data, e.g. --minShapes=${flags('min')} --optShapes=${flags('opt')} --maxShapes=${flags('max')} (starting points; where each dynamic dim's range comes from: ${provenance(profiles)})`);
  return profiles;
}

/** `x[0]: batch dim (default), x[3]: image-like (default)` — the sources of the dims that are not static. */
function provenance(profiles: ShapeProfile[]): string {
  return profiles.flatMap((p) => p.sources.flatMap((source, axis) => (source === 'static' ? [] : [`${p.input}[${axis}]: ${source}`]))).join('; ');
}
