/** A TensorRT version as far as it is known: `build` is absent when only `a.b.c` was printed. */
export interface TensorrtVersion {
  major: number;
  minor: number;
  patch: number;
  build?: number;
}

/**
 * Decodes the number in trtexec's `[TensorRT vNNNN]` tag. TensorRT 8.x and older encode
 * M·1000 + m·100 + p (`8601` = 8.6.1); from 10.0 on the encoding is M·10000 + m·100 + p
 * (`101601` = 10.16.1), so the number of digits tells the scheme apart.
 */
export function decodeTrtexecVersionTag(tag: string | number): TensorrtVersion | undefined {
  const text = String(tag).replace(/^v/, '');
  if (!/^\d{4,6}$/.test(text)) return undefined;
  const n = Number(text);
  const majorScale = text.length >= 6 ? 10000 : 1000;
  const major = Math.floor(n / majorScale);
  const rest = n - major * majorScale;
  return { major, minor: Math.floor(rest / 100), patch: rest % 100 };
}

/** Parses `10.16.1`, `8.6.1.6` or `10.0.1.6` (3 or 4 dotted parts); anything else is undefined. */
export function parseTensorrtVersion(text: string): TensorrtVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const version: TensorrtVersion = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4] !== undefined) version.build = Number(m[4]);
  return version;
}

/** `10.16.1` or `10.0.1.6`, the way TensorRT prints its versions. */
export function formatTensorrtVersion(v: TensorrtVersion): string {
  const base = `${v.major}.${v.minor}.${v.patch}`;
  return v.build === undefined ? base : `${base}.${v.build}`;
}

/**
 * Compares on the parts both versions know: `8.6.1` equals `8.6.1.6`, since one side did not say
 * its build number. Returns negative, zero or positive like a sort comparator.
 */
export function compareTensorrtVersions(a: TensorrtVersion, b: TensorrtVersion): number {
  const diff = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (diff !== 0 || a.build === undefined || b.build === undefined) return diff;
  return a.build - b.build;
}
