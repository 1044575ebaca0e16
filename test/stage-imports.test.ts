import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Stages reach files and subprocesses only through their context (`writeOutput`, `readText`, `exec`, …):
 * that keeps them testable in-process and cancellation in one place (STYLE.md). This test keeps it so.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const FORBIDDEN = /^(node:)?(fs|fs\/promises|child_process)$|^execa$/;

/** Modules a TypeScript source imports (static, type-only excluded), re-exports, `import()`s or `require`s. */
function importedModules(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*import\s+(?!type\s)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm,
    /^\s*export\s+(?!type\s)[^'"]*?\s+from\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** Non-test TypeScript files under each `packages/stage-*\/src`. */
function stageSources(): string[] {
  const packages = join(repoRoot, 'packages');
  return readdirSync(packages)
    .filter((name) => name.startsWith('stage-'))
    .flatMap((name) => readdirSync(join(packages, name, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => join(packages, name, 'src', file)))
    .filter((file) => file.endsWith('.ts') && !/\.(test|testing)\.ts$/.test(file));
}

describe('stage packages', () => {
  it('the import scanner sees static, multi-line, dynamic and require imports, and ignores type-only ones', () => {
    const source = [
      "import { readFile } from 'node:fs/promises';",
      'import {',
      '  spawn,',
      "} from 'child_process';",
      "import type { Stats } from 'node:fs';",
      "import 'execa';",
      "export { x } from './x.js';",
      "const fs = await import('fs');",
      "const cp = require('node:child_process');",
    ].join('\n');
    expect(importedModules(source)).toEqual(['node:fs/promises', 'child_process', 'execa', './x.js', 'fs', 'node:child_process']);
    expect(importedModules(source).filter((m) => FORBIDDEN.test(m))).toEqual(['node:fs/promises', 'child_process', 'execa', 'fs', 'node:child_process']);
    expect(FORBIDDEN.test('node:path')).toBe(false);
    expect(FORBIDDEN.test('fsevents')).toBe(false);
  });

  it('import no node:fs, node:child_process or execa outside tests: the stage context does that I/O', () => {
    const files = stageSources();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      importedModules(readFileSync(file, 'utf8'))
        .filter((m) => FORBIDDEN.test(m))
        .map((m) => `${relative(repoRoot, file)} imports ${m}`),
    );
    expect(offenders, 'use the StageContext (writeOutput, writeJson, placeOutput, readText, fileSize, exec) or a library').toEqual([]);
  });
});
