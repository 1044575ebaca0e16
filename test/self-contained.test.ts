import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A user clones the repository anywhere, with nothing beside it: the tests, benches and build read only
 * what is in the repository. The team's shared folder (one level up) exists beside our own checkouts only, so a
 * reference to it would pass here and fail for every user. Recorded tool outputs live in
 * `test/fixtures/recorded/` (with their PROVENANCE.md) instead.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = /\.\.\/(?:\.\.\/)*shared\b/;

/** Tracked source, script and config files (git ls-files), Markdown and fixtures excluded. */
function trackedCode(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((file) => /\.(ts|mts|cts|js|mjs|cjs|json|yaml|yml|sh)$/.test(file) || file.startsWith('.ci/'))
    .filter((file) => !file.startsWith('test/fixtures/') && !file.endsWith('package-lock.json'));
}

describe('the repository is self-contained', () => {
  it('the pattern catches the ways a path to the shared folder is written', () => {
    // Built from parts, so this file itself does not hold the paths it looks for.
    const up = '..';
    for (const text of [`'${up}/shared/fixtures/x'`, `resolve(root, '${up}/${up}/shared')`, `"${up}/${up}/${up}/${up}/shared/reference/t.md"`]) expect(SHARED.test(text)).toBe(true);
    for (const text of ["'./shared/x'", 'SharedArrayBuffer', "'../sharedx'"]) expect(SHARED.test(text)).toBe(false);
  });

  it('no test, bench, build script or CI file reads the shared folder beside the repository', () => {
    const files = trackedCode();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((file) => SHARED.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
