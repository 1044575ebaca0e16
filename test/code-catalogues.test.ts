import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = readdirSync(path.join(root, 'packages')).sort();

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !/\.(test|testing|d)\.ts$/.test(entry.name)) files.push(full);
  }
  return files;
}

/**
 * The codes a source text throws or emits: quoted `E_…`/`W_…` literals outside comments. A code built
 * at run time (`W_X_${kind}`) is reported as `W_X_*`, which no catalogue entry can match: build it
 * from the catalogue instead, so every code stays listable.
 */
function codesIn(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');
  const literals = [...code.matchAll(/['"`]([EW]_[A-Z0-9_]+)['"`]/g)].map((m) => m[1] ?? '');
  const built = [...code.matchAll(/`([EW]_[A-Z0-9_]*)\$\{/g)].map((m) => `${m[1]}*`);
  return [...new Set([...literals, ...built])];
}

/** A package's catalogues: every `codes.ts` under its src, read as modules (their exported objects' values). */
async function catalogueOf(name: string): Promise<Set<string>> {
  const files = sourceFiles(path.join(root, 'packages', name, 'src')).filter((file) => path.basename(file) === 'codes.ts');
  const values = new Set<string>();
  for (const file of files) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const exported of Object.values(module)) if (exported && typeof exported === 'object') for (const value of Object.values(exported)) values.add(String(value));
  }
  return values;
}

function thrownCodes(name: string): string[] {
  const files = sourceFiles(path.join(root, 'packages', name, 'src')).filter((file) => path.basename(file) !== 'codes.ts');
  return [...new Set(files.flatMap((file) => codesIn(readFileSync(file, 'utf8'))))].sort();
}

describe('error codes', () => {
  it.each(packages)('%s lists every code it throws or emits in its catalogue (src/**/codes.ts)', async (name) => {
    const catalogue = await catalogueOf(name);
    expect(thrownCodes(name).filter((code) => !catalogue.has(code))).toEqual([]);
  });

  it.each(packages)('%s catalogues only well-formed codes, each once', async (name) => {
    const files = sourceFiles(path.join(root, 'packages', name, 'src')).filter((file) => path.basename(file) === 'codes.ts');
    const listed = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^\s+\w+: '([^']*)',$/gm)].map((m) => m[1] ?? ''));
    expect(listed.filter((code) => !/^[EW]_[A-Z0-9_]+$/.test(code))).toEqual([]);
    expect(listed.length).toBe(new Set(listed).size);
    expect([...(await catalogueOf(name))].sort()).toEqual([...new Set(listed)].sort());
  });

  it('the scan finds thrown, emitted and built codes, and skips comments', () => {
    const source = [
      "throw new UsageError('E_ONE', 'x');",
      '  code: "W_TWO",',
      ' * `E_IN_A_COMMENT` is explained here',
      '// E_ALSO_A_COMMENT',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template literal, as a source file holds it.
      "const code = `W_BUILT_${kind}`;",
    ].join('\n');
    expect(codesIn(source).sort()).toEqual(['E_ONE', 'W_BUILT_*', 'W_TWO']);
  });
});
