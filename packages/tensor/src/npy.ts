import { decodeElements, encodeElements } from './byte-order.js';
import { DTYPES } from './dtype.js';
import { badTensorFile } from './errors.js';
import { fortranToRowMajor } from './layout.js';
import { descrFor, type NpyDescr, parseDescr } from './npy-descr.js';
import { decodeNpyStrings, encodeNpyStrings } from './npy-strings.js';
import { elementCount, type Tensor } from './tensor.js';

// The format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html — magic "\x93NUMPY",
// major/minor version, a little-endian header length (2 bytes in v1, 4 in v2/v3), a Python dict literal
// header (latin-1 in v1/v2, UTF-8 in v3) padded with spaces and "\n", then the raw data.
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface NpyHeader {
  descr: NpyDescr;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array, source: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw badTensorFile('E_NPY_CORRUPT', source, 'not a .npy file (the magic "\\x93NUMPY" is missing)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) throw badTensorFile('E_NPY_UNSUPPORTED', source, `.npy format version ${major}.${bytes[7]} is not supported (1.0, 2.0 and 3.0 are)`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw badTensorFile('E_NPY_CORRUPT', source, 'the .npy header is truncated');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) throw badTensorFile('E_NPY_CORRUPT', source, `the .npy header says it is ${headerLength} bytes but the file ends first`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));

  const descrText = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortranText = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descrText === undefined || fortranText === undefined || shapeText === undefined) {
    throw badTensorFile('E_NPY_UNSUPPORTED', source, `cannot read the .npy header ${JSON.stringify(header.trim())} (structured dtypes are not supported)`);
  }
  const descr = parseDescr(descrText);
  if (descr === undefined) {
    throw badTensorFile('E_NPY_UNSUPPORTED', source, `the .npy dtype "${descrText}" is not supported`, 'save numeric, bool or fixed-width string arrays (object arrays need pickle)');
  }
  const dims = shapeText.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const shape = dims.map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw badTensorFile('E_NPY_CORRUPT', source, `the .npy shape (${shapeText}) is not a tuple of sizes`);
  return { descr, fortranOrder: fortranText === 'True', shape, dataOffset };
}

/**
 * Decodes a `.npy` file's bytes: versions 1–3, little- and big-endian (converted), every numeric dtype,
 * bool, and fixed-width strings (`U`/`S`). Fortran-ordered arrays are reordered to row-major.
 * `source` names the file in error messages.
 */
export function decodeNpy(bytes: Uint8Array, source = '<npy>'): Tensor {
  const { descr, fortranOrder, shape, dataOffset } = parseHeader(bytes, source);
  const count = elementCount(shape);
  const itemBytes = descr.stringWidth ? descr.stringWidth.chars * (descr.stringWidth.kind === 'U' ? 4 : 1) : DTYPES[descr.dtype].bytes;
  const body = bytes.subarray(dataOffset);
  if (body.length < count * itemBytes) {
    throw badTensorFile('E_NPY_CORRUPT', source, `truncated: shape (${shape.join(', ')}) of ${descr.dtype} needs ${count * itemBytes} data bytes, the file has ${body.length}`);
  }
  const data =
    descr.dtype === 'string'
      ? decodeNpyStrings(body, count, descr.stringWidth!, descr.littleEndian)
      : decodeElements(body, descr.dtype, count, descr.littleEndian);
  return { dtype: descr.dtype, shape, data: fortranOrder ? fortranToRowMajor(data, shape) : data } as Tensor;
}

/** The header dict as numpy writes it, padded so the data starts at a multiple of 64 bytes. */
function headerBytes(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const version = dict.length + 11 > 0xffff ? 2 : 1;
  const prefix = version === 1 ? 10 : 12;
  dict = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(prefix + dict.length);
  out.set(MAGIC);
  out[6] = version;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), prefix);
  return out;
}

/**
 * Encodes a tensor as a version 1.0 `.npy` (2.0 for huge headers), little-endian, C order, as
 * `numpy.save` writes it. Strings become `<U{longest}`. bfloat16 has no numpy dtype and is refused.
 */
export function encodeNpy(tensor: Tensor): Uint8Array {
  if (tensor.dtype === 'bfloat16') {
    throw badTensorFile('E_NPY_UNSUPPORTED', '<npy>', 'numpy has no bfloat16 dtype', 'convert to float32 first (bfloat16ArrayToFloat32)');
  }
  const body = tensor.dtype === 'string' ? encodeNpyStrings(tensor.data as string[]) : { bytes: encodeElements(tensor.data as Float32Array), descr: descrFor(tensor.dtype) };
  const head = headerBytes(body.descr, tensor.shape);
  const out = new Uint8Array(head.length + body.bytes.length);
  out.set(head);
  out.set(body.bytes, head.length);
  return out;
}
