import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparisonWorkerUrl } from './comparison-helper.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('comparisonWorkerUrl', () => {
  it('finds the built helper script from a module outside this package, as the CLI bundle’s chunks are', () => {
    // A chunk of the CLI's bundle resolves as `import.meta.resolve` does there: from packages/cli/dist/chunks/.
    const chunk = path.resolve(packageDir, '../cli/dist/chunks/run-ANY.cjs');
    const url = comparisonWorkerUrl((specifier) => pathToFileURL(createRequire(chunk).resolve(specifier)).href);
    expect(fileURLToPath(url)).toBe(path.join(packageDir, 'dist', 'comparison-worker.js'));
    expect(existsSync(url)).toBe(true);
  });

  it('is the built script when this module runs from its TypeScript source too', () => {
    expect(fileURLToPath(comparisonWorkerUrl())).toBe(path.join(packageDir, 'dist', 'comparison-worker.js'));
  });
});
