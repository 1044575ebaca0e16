import { InvalidInputError } from '@pipeline/errors';

/** Sample id → the true class of each row of that sample's batch (one entry for a batch of one). */
export type Labels = ReadonlyMap<string, readonly number[]>;

/**
 * Parses a labels file: one sample per line, `<sample id><whitespace><class>[,<class>…]`, classes as
 * 0-based integers (several for a sample holding a batch). Blank lines and `#` comments are skipped. This is
 * the layout of ImageNet's val.txt and PaddleOCR's label lists. Every problem is collected and reported
 * together with its line number.
 */
export function parseLabels(text: string, file: string): Labels {
  const labels = new Map<string, number[]>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\S+)\s+(\S+)$/.exec(line);
    const classes = match?.[2]?.split(',').map((c) => (/^\d+$/.test(c) ? Number(c) : Number.NaN));
    if (!match || !classes || classes.some((c) => Number.isNaN(c))) {
      problems.push(`line ${index + 1}: expected '<sample id> <class index>', got '${line.slice(0, 80)}'`);
      return;
    }
    if (labels.has(match[1]!)) problems.push(`line ${index + 1}: sample '${match[1]}' is labelled twice`);
    labels.set(match[1]!, classes);
  });
  if (problems.length > 0) {
    throw new InvalidInputError('E_LABELS_FORMAT', `${file}: ${problems.length} malformed line(s): ${problems.slice(0, 5).join('; ')}`, {
      hint: 'each line is a sample id, whitespace, and a 0-based class index',
    });
  }
  if (labels.size === 0) throw new InvalidInputError('E_LABELS_EMPTY', `${file}: no labels found`);
  return labels;
}
