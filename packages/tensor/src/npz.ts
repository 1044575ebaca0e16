import { unzipSync, zipSync, type Zippable } from 'fflate';
import { badTensorFile } from './errors.js';
import { decodeNpy, encodeNpy } from './npy.js';
import type { Tensor } from './tensor.js';

/**
 * Decodes a `.npz` (a zip of `.npy` files, stored by `numpy.savez` or deflated by `savez_compressed`)
 * into arrays by name, the `.npy` suffix dropped as numpy does.
 */
export function decodeNpz(bytes: Uint8Array, source = '<npz>'): Record<string, Tensor> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
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
  return zipSync(files, { level: options.compress ? 6 : 0, mtime: new Date('1980-01-01T00:00:00Z') });
}
