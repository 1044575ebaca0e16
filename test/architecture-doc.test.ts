import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The rows of ARCHITECTURE.md's package table: name → the "depends on" column, split. */
function documentedPackages(): Map<string, string[]> {
  const text = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const match of text.matchAll(/^\| `([a-z0-9-]+)` \|.*\| ([^|]*) \|$/gm)) {
    const column = (match[2] ?? '').trim();
    rows.set(match[1] ?? '', column === '—' ? [] : column.split(', '));
  }
  return rows;
}

// The map of packages is only useful while it is true: every package has a row, and each row's
// dependencies are the package's own (workspace names without the @pipeline/ scope; `errors` is
// everywhere and left out; the CLI's stage packages are summed up in one phrase).
describe('ARCHITECTURE.md package table', () => {
  const documented = documentedPackages();
  const packages = readdirSync(path.join(root, 'packages')).sort();

  it('has a row for every package and no row for a package that does not exist', () => {
    expect([...documented.keys()].sort()).toEqual(packages);
  });

  it.each(packages)('lists the dependencies of %s', (name) => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    let expected = Object.keys(manifest.dependencies ?? {})
      .map((dep) => dep.replace('@pipeline/', ''))
      .filter((dep) => dep !== 'errors');
    let listed = documented.get(name) ?? [];
    if (name === 'cli') {
      expected = expected.filter((dep) => !dep.startsWith('stage-'));
      listed = listed.filter((dep) => dep !== 'the stage packages');
    }
    expect(listed.sort()).toEqual(expected.sort());
  });
});
