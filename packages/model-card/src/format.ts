import type { IoSpec } from '@pipeline/kinds';

/** `1.5 MB`, `10.3 GB`: sizes as people read them (decimal units, like `ls -h --si`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `12.3M`, `1.2k`: parameter counts. */
export function formatCount(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(2)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)}k`;
  return String(count);
}

/** `[batch, 3, 224, ?]`; `scalar` for rank 0; `?` rank when unknown. */
export function formatShape(spec: Pick<IoSpec, 'shape'>): string {
  if (spec.shape === null) return '(rank unknown)';
  if (spec.shape.length === 0) return 'scalar';
  return `[${spec.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
