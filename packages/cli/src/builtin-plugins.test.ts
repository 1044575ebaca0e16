import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinPlugins, loadBuiltinPlugins, loadBuiltinPluginsFor } from './builtin-plugins.js';
import { stageNamesUsedBy } from './load-pipeline.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-builtins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

const names = (plugins: { name: string }[]) => plugins.map((p) => p.name);

describe('the table of built-in plugins', () => {
  it('names exactly the stages each plugin provides (so it cannot drift)', async () => {
    for (const entry of builtinPlugins) {
      const plugin = await entry.load();
      expect([...entry.stages].sort(), plugin.name).toEqual(plugin.stages.map((s) => s.name).sort());
    }
  });

  it('loads only the plugins whose stages are used, all of them for an unknown name', async () => {
    expect(names(await loadBuiltinPluginsFor(['exec', 'exec']))).toEqual(['@pipeline/stage-exec']);
    expect(names(await loadBuiltinPluginsFor([]))).toEqual([]);
    const all = names(await loadBuiltinPlugins());
    expect(names(await loadBuiltinPluginsFor(['exec', 'inspct']))).toEqual(all);
    expect(names(await loadBuiltinPluginsFor(undefined))).toEqual(all);
  });
});

describe('stageNamesUsedBy', () => {
  it('lists the uses: of every stage', async () => {
    expect(await stageNamesUsedBy(file('a.yaml', 'name: a\nstages:\n  x: { uses: exec }\n  y:\n    uses: inspect\n'))).toEqual(['exec', 'inspect']);
  });
  it('says "all" (undefined) for own plugins, a missing uses, bad YAML or a missing file', async () => {
    expect(await stageNamesUsedBy(file('b.yaml', 'plugins: [./p.mjs]\nstages:\n  x: { uses: exec }\n'))).toBeUndefined();
    expect(await stageNamesUsedBy(file('c.yaml', 'stages:\n  x: { with: {} }\n'))).toBeUndefined();
    expect(await stageNamesUsedBy(file('d.yaml', 'stages: [\n'))).toBeUndefined();
    expect(await stageNamesUsedBy(path.join(dir, 'nope.yaml'))).toBeUndefined();
  });
});
