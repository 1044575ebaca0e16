import { open } from 'node:fs/promises';
import { InvalidInputError } from '@pipeline/errors';
import { formatTensorrtVersion, type TensorrtVersion } from './version.js';

/** What the first bytes of a serialized TensorRT engine (`.plan`/`.engine`) say. */
export interface PlanHeader {
  /** True when the file starts with TensorRT's plan tag (`ftrt`). */
  isTensorrtPlan: boolean;
  /** The uint32 after the tag; TensorRT's own reader knows only layout 0. */
  serializationLayout?: number;
  /** Present when the layout is known: major.minor.patch.build of the TensorRT that built it. */
  tensorrtVersion?: TensorrtVersion & { build: number };
  /** `a.b.c.d`, as `trtexec --getPlanVersionOnly` prints it. */
  tensorrtVersionText?: string;
  /** Why the version could not be read, when it could not. */
  problem?: string;
}

/** Bytes needed: tag (4) + layout (4) + 16 more + the 4 version bytes at 24..27. */
export const PLAN_HEADER_BYTES = 28;
// `kPLAN_FILE_TAG` in trtexec's sampleEngines.cpp (`printPlanVersion`), read as a little-endian
// uint32 like TensorRT does on x86-64/aarch64: the bytes are `f t r t`.
const PLAN_FILE_TAG = 0x74727466;

/**
 * Reads the TensorRT version a plan was built with, without TensorRT. Layout (from trtexec's
 * `printPlanVersion`, TensorRT 8.6+/10.x): uint32 tag `0x74727466`, uint32 layout `0`, then bytes
 * 24..27 = major, minor, patch, build. Older plans and other layouts report a `problem` instead.
 */
export function parsePlanHeader(bytes: Uint8Array): PlanHeader {
  if (bytes.length < 8) return { isTensorrtPlan: false, problem: `file is ${bytes.length} bytes, too short for a TensorRT plan` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== PLAN_FILE_TAG) {
    return { isTensorrtPlan: false, problem: 'no TensorRT plan tag ("ftrt") at offset 0' };
  }
  const serializationLayout = view.getUint32(4, true);
  if (serializationLayout !== 0) {
    return { isTensorrtPlan: true, serializationLayout, problem: `unknown plan header layout ${serializationLayout}; only layout 0 (TensorRT 8.6–10.x) is known` };
  }
  if (bytes.length < PLAN_HEADER_BYTES) {
    return { isTensorrtPlan: true, serializationLayout, problem: `file is ${bytes.length} bytes, too short for the version field` };
  }
  const version = { major: bytes[24] ?? 0, minor: bytes[25] ?? 0, patch: bytes[26] ?? 0, build: bytes[27] ?? 0 };
  return { isTensorrtPlan: true, serializationLayout, tensorrtVersion: version, tensorrtVersionText: formatTensorrtVersion(version) };
}

export interface ReadPlanHeaderOptions {
  /** Injected for tests; reads up to `length` bytes from the start of a file. */
  readHead?: (path: string, length: number) => Promise<Uint8Array>;
}

/** Reads only the first bytes: engines run to gigabytes and the header is 28 bytes. */
async function readFileHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * `parsePlanHeader` over a buffer or a file path. A path that cannot be read throws
 * `InvalidInputError` naming the file; a readable file that is not a plan returns `isTensorrtPlan: false`.
 */
export async function readPlanHeader(bytesOrPath: Uint8Array | string, options: ReadPlanHeaderOptions = {}): Promise<PlanHeader> {
  if (typeof bytesOrPath !== 'string') return parsePlanHeader(bytesOrPath);
  const readHead = options.readHead ?? readFileHead;
  let bytes: Uint8Array;
  try {
    bytes = await readHead(bytesOrPath, PLAN_HEADER_BYTES);
  } catch (error) {
    throw new InvalidInputError('E_PLAN_UNREADABLE', `${bytesOrPath}: cannot read the engine file (${(error as Error).message})`, {
      cause: error,
    });
  }
  return parsePlanHeader(bytes);
}
