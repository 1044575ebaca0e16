import type { LooseJson } from './tolerant-json.js';
import { exportShapeError, isObject, type LooseObject, parseExportText } from './common.js';

/** A tensor at a layer's input or output, as `--profilingVerbosity=detailed` describes it. */
export interface TrtexecLayerTensor {
  name: string;
  /** `Device`/`Host`; missing for Myelin `kgen` layers. */
  location?: string;
  dimensions?: number[];
  /** `Format/Datatype`, e.g. `Float` or `Channel major FP16 format where channel % 8 == 0`. */
  format?: string;
}

export interface TrtexecLayerInfo {
  name: string;
  /** `LayerType`, e.g. `CaskConvolution`; absent with `layer_names_only`. */
  type?: string;
  inputs: TrtexecLayerTensor[];
  outputs: TrtexecLayerTensor[];
  tacticName?: string;
  tacticValue?: string;
  /** The 8.x-era field naming the layer's origin (`REFORMAT`, …). */
  origin?: string;
  /** `Metadata` split at TensorRT's separators (\u001e between ONNX layers). */
  metadata?: string[];
  /** Every field as written, for layer-specific parameters (Kernel, Stride, …). */
  raw?: LooseObject;
}

export interface TrtexecLayerInfoFile {
  /** `layer_names_only` when the layers are plain strings, `detailed` when they are objects. */
  verbosity: 'layer_names_only' | 'detailed';
  layers: TrtexecLayerInfo[];
  bindings: string[];
}

const str = (v: LooseJson | undefined) => (typeof v === 'string' ? v : undefined);

function readTensor(v: LooseJson): TrtexecLayerTensor {
  if (!isObject(v)) return { name: String(v) };
  const tensor: TrtexecLayerTensor = { name: str(v.Name) ?? '' };
  const location = str(v.Location);
  if (location !== undefined) tensor.location = location;
  if (Array.isArray(v.Dimensions)) tensor.dimensions = v.Dimensions.map((d) => Number(d));
  const format = str(v['Format/Datatype']);
  if (format !== undefined) tensor.format = format;
  return tensor;
}

function readLayer(v: LooseJson, i: number, source: string): TrtexecLayerInfo {
  if (typeof v === 'string') return { name: v, inputs: [], outputs: [] };
  if (!isObject(v)) throw exportShapeError(source, '--exportLayerInfo', `layer ${i} is neither a name nor an object`);
  const layer: TrtexecLayerInfo = {
    name: str(v.Name) ?? '',
    inputs: Array.isArray(v.Inputs) ? v.Inputs.map(readTensor) : [],
    outputs: Array.isArray(v.Outputs) ? v.Outputs.map(readTensor) : [],
    raw: v,
  };
  const fields: [keyof TrtexecLayerInfo, string][] = [['type', 'LayerType'], ['tacticName', 'TacticName'], ['tacticValue', 'TacticValue'], ['origin', 'Origin']];
  for (const [key, field] of fields) {
    const value = str(v[field]);
    if (value !== undefined) (layer as unknown as Record<string, string>)[key] = value;
  }
  const metadata = str(v.Metadata);
  if (metadata !== undefined) layer.metadata = metadata.split(/[\u001e\u001f]/).filter((s) => s.length > 0);
  return layer;
}

/** Reads an `--exportLayerInfo` file (`{"Layers": [...], "Bindings": [...]}`) of either verbosity. */
export function parseTrtexecLayerInfo(text: string, source = '<exportLayerInfo>'): TrtexecLayerInfoFile {
  const data = parseExportText(text, source, '--exportLayerInfo');
  if (!isObject(data) || !Array.isArray(data.Layers)) throw exportShapeError(source, '--exportLayerInfo', 'expected an object with a "Layers" array');
  const layers = data.Layers.map((v, i) => readLayer(v, i, source));
  const detailed = data.Layers.some((v) => isObject(v));
  const bindings = Array.isArray(data.Bindings) ? data.Bindings.map((b) => (typeof b === 'string' ? b : (str(isObject(b) ? b.Name : undefined) ?? String(b)))) : [];
  return { verbosity: detailed ? 'detailed' : 'layer_names_only', layers, bindings };
}
