import { createRequire } from 'node:module';
import type { Zippable } from 'fflate';
import { badTensorFile } from './errors.js';
import { decodeNpy, encodeNpy } from './npy.js';
import type { Tensor } from './tensor.js';

/**
 * fflate, loaded on the first .npz read or write rather than with the package: the ONNX library
 * imports this package for its tensors, so `pipeline check` of any model would otherwise compile a
 * zip library it never uses (fflate builds its Huffman tables at import). The same package, through
 * its CommonJS build, because decoding is synchronous.
 */
let fflate: typeof import('fflate') | undefined;
function zipLibrary(): typeof import('fflate') {
  fflate ??= createRequire(import.meta.url)('fflate') as typeof import('fflate');
  return fflate;
}

/**
 * Decodes a `.npz` (a zip of `.npy` files, stored by `numpy.savez` or deflated by `savez_compressed`)
 * into arrays by name, the `.npy` suffix dropped as numpy does.
 */
export function decodeNpz(bytes: Uint8Array, source = '<npz>'): Record<string, Tensor> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = zipLibrary().unzipSync(bytes);
  } catch (error) {
    throw badTensorFile('E_NPZ_CORRUPT', source, `not a readable .npz (zip) file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out: Record<string, Tensor> = {};
  for (const [entry, data] of Object.entries(entries)) {
    if (entry.endsWith('/')) continue;
    const name = entry.endsWith('.npy') ? entry.slice(0, -4) : entry;
    out[name] = decodeNpy(data, `${source}[${entry}]`);
  }
  return out;
}

export interface EncodeNpzOptions {
  /** Deflate the entries (`numpy.savez_compressed`); stored otherwise (`numpy.savez`). Default false. */
  compress?: boolean;
}

/** Encodes arrays by name as a `.npz` that `numpy.load` reads. */
export function encodeNpz(arrays: Readonly<Record<string, Tensor>>, options: EncodeNpzOptions = {}): Uint8Array {
  const files: Zippable = {};
  for (const [name, tensor] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(tensor);
  // A fixed mtime keeps the bytes reproducible, so the same arrays give the same digest.
  return zipLibrary().zipSync(files, { level: options.compress ? 6 : 0, mtime: new Date('1980-01-01T00:00:00Z') });
}
