import { malformed } from './errors.js';

export interface PrometheusSample {
  /** The sample's own name (`x_count`, `x_bucket` and `x_sum` belong to family `x`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusFamily {
  name: string;
  type: string | undefined;
  help: string | undefined;
  samples: PrometheusSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;
const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created'];

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      throw malformed(`metrics line ${line}: cannot read the labels {${text}}`);
    }
    labels[match[1]!] = unescapeLabel(match[2]!);
  }
  return labels;
}

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw malformed(`metrics line ${line}: ${JSON.stringify(text)} is not a number`);
  return value;
}

/**
 * Reads the Prometheus text exposition format (version 0.0.4) into families. A sample joins the family
 * its `# TYPE` line named (also through the histogram/summary suffixes), else a family of its own name.
 * Samples are kept even when the HELP/TYPE name differs from theirs (Triton's docs show one such case).
 */
export function parsePrometheusText(text: string): PrometheusFamily[] {
  const families = new Map<string, PrometheusFamily>();
  const family = (name: string) => {
    let found = families.get(name);
    if (found === undefined) {
      found = { name, type: undefined, help: undefined, samples: [] };
      families.set(name, found);
    }
    return found;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const meta = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (meta?.[1] === 'HELP') family(meta[2]!).help = unescapeLabel(meta[3] ?? '');
      else if (meta?.[1] === 'TYPE') family(meta[2]!).type = meta[3];
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw malformed(`metrics line ${index + 1}: not a sample: ${line.slice(0, 80)}`);
    const name = match[1]!;
    const suffix = SUFFIXES.find((s) => name.endsWith(s) && families.has(name.slice(0, -s.length)));
    const owner = families.has(name) || suffix === undefined ? name : name.slice(0, -suffix.length);
    family(owner).samples.push({ name, labels: parseLabels(match[2] ?? '', index + 1), value: parseValue(match[3]!, index + 1) });
  });
  return [...families.values()].filter((f) => f.samples.length > 0 || f.type !== undefined);
}
