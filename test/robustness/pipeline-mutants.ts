// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { Document, isMap, parseDocument } from 'yaml';

/** A seeded generator (mulberry32): the same seed gives the same corpus on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface PipelineMutant {
  /** `<category>-<n>`, stable for a seed. */
  name: string;
  category: MutantCategory;
  content: Uint8Array;
}

export const MUTANT_CATEGORIES = [
  'syntax',
  'types',
  'unknown-keys',
  'dangling-refs',
  'cycles',
  'kind-mismatch',
  'alias-bomb',
  'deep-nesting',
  'huge-file',
  'bad-encoding',
  'path-tricks-ids',
  'path-tricks-outputs',
] as const;
export type MutantCategory = (typeof MUTANT_CATEGORIES)[number];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: () => number, from: number, to: number) => from + Math.floor(random() * (to - from + 1));
const encode = (text: string) => new TextEncoder().encode(text);

/** Input ports of the built-in stages that take an artifact (`with:` keys): a directory is the wrong kind for each. */
const ARTIFACT_PORTS = ['model', 'reference', 'files', 'script', 'inspection', 'report'];

/**
 * Every mutant is invalid by construction (each category breaks one rule `check` enforces), so the
 * expected outcome of each is exit 2 with a located message: nothing is left to judgement.
 */
function mutate(text: string, category: MutantCategory, random: () => number): Uint8Array {
  // Through plain data: an example's anchors and aliases would dangle once a node moves.
  const doc = new Document(parseDocument(text).toJS(), { aliasDuplicateObjects: false });
  const stages = doc.get('stages');
  const ids = isMap(stages) ? stages.items.map((pair) => String((pair.key as { value: unknown }).value)) : [];
  const id = pick(random, ids);
  const stageWith = (stageId: string) => doc.getIn(['stages', stageId, 'with']);
  switch (category) {
    case 'syntax': {
      const lines = text.split('\n');
      const at = int(random, 0, lines.length - 1);
      const broken = pick(random, ['key: "unclosed string', 'key: [1, 2', '\tkey: tab-indented', 'key: {a: 1', '- : :', "key: 'unclosed"]);
      lines.splice(at, 0, broken);
      return encode(lines.join('\n'));
    }
    case 'types': {
      const [path, value] = pick(random, [
        [['stages', id, 'uses'], [int(random, 1, 9), 'x']],
        [['stages', id, 'retries'], pick(random, ['many', -1, 99, [1]])],
        [['stages', id, 'with'], 'not a map'],
        [['stages', id, 'timeout'], pick(random, ['soon', [5], { s: 1 }, -3])],
        [['stages', id, 'cache'], pick(random, ['yes please', 3, [true]])],
        [['stages'], pick(random, [['a', 'b'], 'text', 42])],
      ] as const);
      doc.setIn(path as unknown as string[], value);
      break;
    }
    case 'unknown-keys': {
      const key = `${pick(random, ['wiht', 'usse', 'need', 'retry', 'outputz', 'param', 'stagse'])}${int(random, 0, 99)}`;
      if (random() < 0.5) doc.setIn(['stages', id, key], int(random, 0, 9));
      else doc.set(key, { x: 1 });
      break;
    }
    case 'dangling-refs': {
      if (random() < 0.5) doc.setIn(['stages', id, 'needs'], `missing_${int(random, 0, 999)}`);
      else doc.setIn(['stages', id, 'if'], `\${{ stages.missing_${int(random, 0, 999)}.status == 'succeeded' }}`);
      break;
    }
    case 'cycles': {
      const other = pick(random, ids);
      doc.setIn(['stages', id, 'needs'], other);
      if (other !== id) doc.setIn(['stages', other, 'needs'], id);
      break;
    }
    case 'kind-mismatch': {
      // A new exec stage's `out` (a directory) wired to an artifact port that takes a file or a model.
      const portsHere = ids.flatMap((stageId) => {
        const w = stageWith(stageId);
        // Only keys that hold an artifact now (a reference or a path): `model:` is also a plain string
        // param on some stages (benchmark/server's served model name), where a directory is no mismatch.
        const holdsArtifact = (value: unknown) => typeof value === 'string' && (value.includes('${{') || /[./]/.test(value));
        return isMap(w)
          ? w.items
              .filter((p) => ARTIFACT_PORTS.includes(String((p.key as { value: unknown }).value)) && holdsArtifact((p.value as { value?: unknown } | null)?.value))
              .map((p) => [stageId, String((p.key as { value: unknown }).value)] as const)
          : [];
      });
      doc.setIn(['stages', 'mutant_dir'], { uses: 'exec', with: { command: ['node', '-e', '1'], outputs: ['x.txt'] } });
      const [stageId, port] = portsHere.length > 0 ? pick(random, portsHere) : [id, 'script'];
      doc.setIn(['stages', stageId, 'with', port], '${{ stages.mutant_dir.outputs.out }}');
      break;
    }
    case 'alias-bomb': {
      const width = int(random, 6, 12);
      const levels = int(random, 7, 10);
      const lines = [`x-l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
      for (let i = 1; i < levels; i++) lines.push(`x-l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
      return encode(`${lines.join('\n')}\n${text}`);
    }
    case 'deep-nesting': {
      const depth = int(random, 65, 20_000);
      const open = pick(random, ['[', '{a: ']);
      const close = open === '[' ? ']' : '}';
      return encode(`${text}\nx-deep: ${open.repeat(depth)}1${close.repeat(depth)}\n`);
    }
    case 'huge-file': {
      const line = `# ${'filler '.repeat(int(random, 10, 200))}\n`;
      return encode(`${text}\n${line.repeat(Math.ceil((2 * 1024 * 1024 + int(random, 1, 1_000_000)) / line.length))}`);
    }
    case 'bad-encoding': {
      const bytes = encode(text);
      const at = int(random, 0, bytes.length - 1);
      const bad = pick(random, [[0xff], [0xfe], [0xc3, 0x28], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0x80]]);
      // Never split a multi-byte character of the original: step back to a character boundary.
      let start = at;
      while (start > 0 && ((bytes[start] as number) & 0xc0) === 0x80) start--;
      return new Uint8Array([...bytes.subarray(0, start), ...bad, ...bytes.subarray(start)]);
    }
    case 'path-tricks-ids': {
      const trick = pick(random, ['../escape', 'a/b', '/abs', 'a\\b', 'CON', 'nul', 'com1', 'LPT3', '.', '..', 'a\u0000b', ' lead', 'x y']);
      const spec = doc.getIn(['stages', id]);
      doc.deleteIn(['stages', id]);
      doc.setIn(['stages', trick], spec);
      break;
    }
    case 'path-tricks-outputs': {
      const trick = pick(random, ['../escape.txt', '/etc/passwd', '.', 'dir/', 'a/../..', 'a\u0000b.txt', '', '../../x']);
      const key = random() < 0.5 ? 'outputs' : 'stdout';
      doc.setIn(['stages', 'mutant_out'], { uses: 'exec', with: { command: ['node', '-e', '1'], [key]: key === 'outputs' ? [trick] : trick } });
      break;
    }
  }
  return encode(doc.toString({ lineWidth: 0 }));
}

/** `count` mutants of one example, spread evenly over the categories, reproducible from `seed`. */
export function pipelineMutants(text: string, seed: number, count: number, categories: readonly MutantCategory[] = MUTANT_CATEGORIES): PipelineMutant[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const category = categories[n % categories.length] as MutantCategory;
    return { name: `${category}-${n}`, category, content: mutate(text, category, random) };
  });
}
