// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{` is the pipeline expression marker, not a JS template.
import type { SourceLocation } from '@pipeline/errors';
import type { NodePath, PipelineSource } from '../config/source.js';

const OPEN = '${{';

/**
 * The file location of characters `start..end` of a YAML string's value. The value's `${{` markers
 * are matched to those in the raw source, so the location is exact even inside a quoted or block
 * scalar, as long as the expression itself has no escapes.
 */
export function locateInString(source: PipelineSource, path: NodePath, text: string, start: number, end: number): SourceLocation {
  const node = source.nodeAt(path);
  if (!node?.range) return source.locAt(path);
  const [from, to] = node.range;
  const raw = source.text.slice(from, to);
  const partStart = text.lastIndexOf(OPEN, start);
  if (partStart < 0) return source.locAtOffset(from, to);
  const ordinal = countOccurrences(text.slice(0, partStart));
  let rawOpen = -1;
  for (let i = 0; i <= ordinal; i++) {
    rawOpen = raw.indexOf(OPEN, rawOpen + 1);
    if (rawOpen < 0) return source.locAtOffset(from, to);
  }
  const at = Math.min(to, from + rawOpen + (start - partStart));
  return source.locAtOffset(at, Math.min(to, at + Math.max(1, end - start)));
}

function countOccurrences(text: string): number {
  let count = 0;
  for (let i = text.indexOf(OPEN); i >= 0; i = text.indexOf(OPEN, i + 1)) count++;
  return count;
}
