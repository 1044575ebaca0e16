import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = readdirSync(path.join(root, 'packages'));
const builders = ['artifactBinding', 'outputBinding', 'plannedStage', 'planFromStages', 'valueBinding'];

// Test builders are for tests: a package's public entry and its build leave them out, and a package
// that shares them does so through a `testing` entry (`@pipeline/core/testing`).
describe('test builders', () => {
  it.each(packages)('%s builds no *.testing.ts file', (name) => {
    const config = JSON.parse(readFileSync(path.join(root, 'packages', name, 'tsconfig.json'), 'utf8')) as { exclude?: string[] };
    expect(config.exclude).toContain('src/**/*.testing.ts');
  });

  it('are not in @pipeline/core’s public entry, and are in @pipeline/core/testing', async () => {
    const core = await import('@pipeline/core');
    const testing = await import('@pipeline/core/testing');
    for (const name of builders) {
      expect(Object.keys(core)).not.toContain(name);
      expect(Object.keys(testing)).toContain(name);
    }
  });
});
