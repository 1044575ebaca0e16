import { trtexecFlags, type TrtexecFlagSet } from '../help.js';
import { parseTrtexecStatusLine } from '../log/command.js';
import type { TensorrtVersion } from '../version.js';

/** What `trtexec --help` told about the trtexec at hand: its version (from the banner) and its flags. */
export interface DetectedTrtexec {
  version: TensorrtVersion;
  /** The flags its help lists; the argv builder emits nothing outside them. */
  flags: TrtexecFlagSet;
}

/**
 * Reads `trtexec --help` output. The version comes from the `&&&& RUNNING … [TensorRT vNNNN]` banner
 * (never from the user); undefined when the text has no banner (not a trtexec).
 */
export function detectTrtexecFromHelp(helpText: string): DetectedTrtexec | undefined {
  for (const line of helpText.split(/\r?\n/, 5)) {
    const status = parseTrtexecStatusLine(line);
    if (status?.command.version) return { version: status.command.version, flags: trtexecFlags(helpText) };
  }
  return undefined;
}

/** A GPU as `nvidia-smi` names it. */
export interface DetectedGpu {
  name: string;
  /** `8.6`; absent when the driver's nvidia-smi cannot report it. */
  computeCapability?: string;
}

/** The arguments that make `nvidia-smi` print `name, compute_cap` per GPU (driver 510+ knows compute_cap). */
export const NVIDIA_SMI_GPU_QUERY = ['--query-gpu=name,compute_cap', '--format=csv,noheader'] as const;

/** Parses `NVIDIA A100-SXM4-40GB, 8.0` lines; `device` picks the line (trtexec's `--device`, default 0). */
export function parseNvidiaSmiGpus(text: string, device = 0): DetectedGpu | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !/^name\b/i.test(l));
  const line = lines[device];
  if (line === undefined) return undefined;
  const cut = line.lastIndexOf(',');
  const name = (cut < 0 ? line : line.slice(0, cut)).trim();
  const cc = cut < 0 ? '' : line.slice(cut + 1).trim();
  if (!name) return undefined;
  return /^\d+\.\d+$/.test(cc) ? { name, computeCapability: cc } : { name };
}
