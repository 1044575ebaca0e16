import { parseCppNumber } from './performance.js';
import type { TrtexecDevice, TrtexecLayerProfile, TrtexecLayerTiming } from './types.js';

/** Splits `Key: value` (also `Key:value` and `Key : value`, all printed by some version). */
export function splitKeyValue(message: string): [string, string] | undefined {
  const colon = message.indexOf(':');
  if (colon <= 0) return undefined;
  return [message.slice(0, colon).trim(), message.slice(colon + 1).trim()];
}

/** Adds a key to an option block; a repeated key (one shape line per input) becomes an array. */
export function addOption(block: Record<string, string | string[]>, key: string, value: string): void {
  const existing = block[key];
  if (existing === undefined) block[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else block[key] = [existing, value];
}

export function emptyDevice(): TrtexecDevice {
  return { available: [], raw: {} };
}

const leadingNumber = (text: string): number | undefined => {
  const m = /^(-?[\d.]+(?:e[+-]?\d+)?)/i.exec(text);
  return m ? parseCppNumber(m[1] ?? '') : undefined;
};

/** Applies one line of `=== Device Information ===`; returns false when it is not a device line. */
export function applyDeviceLine(device: TrtexecDevice, message: string): boolean {
  const listed = /^\s*Device (\d+): "(.*)"(?: UUID: (\S+))?$/.exec(message);
  if (listed) {
    const entry: TrtexecDevice['available'][number] = { index: Number(listed[1]), name: listed[2] ?? '' };
    if (listed[3] !== undefined) entry.uuid = listed[3];
    device.available.push(entry);
    return true;
  }
  const kv = splitKeyValue(message);
  if (!kv) return false;
  const [key, value] = kv;
  if (key === 'Note' || key === 'TensorRT version') return false;
  device.raw[key] = value;
  const n = leadingNumber(value);
  switch (key) {
    case 'Selected Device':
      device.name = value;
      break;
    case 'Selected Device ID':
      if (n !== undefined) device.id = n;
      break;
    case 'Selected Device UUID':
      device.uuid = value;
      break;
    case 'Compute Capability':
      device.computeCapability = value;
      break;
    case 'SMs':
      if (n !== undefined) device.sms = n;
      break;
    case 'Device Global Memory':
    case 'Compute Global Memory':
      if (n !== undefined) device.globalMemoryMiB = n;
      break;
    case 'Shared Memory per SM':
      if (n !== undefined) device.sharedMemoryPerSmKiB = n;
      break;
    case 'Memory Bus Width':
      if (n !== undefined) device.memoryBusWidthBits = n;
      if (/ECC enabled/.test(value)) device.ecc = true;
      if (/ECC disabled/.test(value)) device.ecc = false;
      break;
    case 'Application Compute Clock Rate':
    case 'Compute Clock Rate':
      if (n !== undefined) device.computeClockGHz = n;
      break;
    case 'Application Memory Clock Rate':
    case 'Memory Clock Rate':
      if (n !== undefined) device.memoryClockGHz = n;
      break;
  }
  return true;
}

const NUM = String.raw`(-?(?:[\d.]+(?:e[+-]?\d+)?|inf|nan))`;
// 10.x/8.6: `Time(ms) Avg.(ms) Median(ms) Time(%) Layer`, numbers first, the name last.
const NUMBERS_FIRST = new RegExp(String.raw`^\s*${NUM}\s+${NUM}\s+(?:${NUM}\s+)?${NUM}\s+(\S.*)$`, 'i');
// Older (8.2-era `Profiler::print`): the name right-aligned first, then time, average and percent.
const NAME_FIRST = new RegExp(String.raw`^\s*(\S.*?)\s+${NUM}\s+${NUM}\s+${NUM}\s*$`, 'i');

/** Reads one row of the `=== Profile (N iterations ) ===` table; undefined for header rows. */
export function parseProfileRow(message: string): TrtexecLayerTiming | undefined {
  let m = NUMBERS_FIRST.exec(message);
  if (m) {
    const row: TrtexecLayerTiming = {
      name: (m[5] ?? '').trimEnd(),
      timeMs: parseCppNumber(m[1] ?? ''),
      averageMs: parseCppNumber(m[2] ?? ''),
      percentage: parseCppNumber(m[4] ?? ''),
    };
    if (m[3] !== undefined) row.medianMs = parseCppNumber(m[3]);
    return row;
  }
  m = NAME_FIRST.exec(message);
  if (!m || /Time ?\(/.test(message)) return undefined;
  return {
    name: m[1] ?? '',
    timeMs: parseCppNumber(m[2] ?? ''),
    averageMs: parseCppNumber(m[3] ?? ''),
    percentage: parseCppNumber(m[4] ?? ''),
  };
}

/** Adds a row to the profile; the `Total` row is kept apart from the layers. */
export function addProfileRow(profile: TrtexecLayerProfile, row: TrtexecLayerTiming): void {
  if (row.name === 'Total') profile.total = row;
  else profile.layers.push(row);
}
