import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipeline, StageRegistry } from '@pipeline/core';
import { DiagnosticsError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';

// Each folder under fixtures/check holds a deploy.yaml and expected.json: the codes and
// line:column of every problem `pipeline check` must report, all at once.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'check');
const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

interface Expected {
  code: string;
  line: number;
  column: number;
}

async function problems(dir: string, params: Record<string, string> = {}): Promise<Expected[]> {
  try {
    await loadPipeline('deploy.yaml', { registry: StageRegistry.fromPlugins([]), cwd: dir, env: { CALLER: 'x' }, params });
    return [];
  } catch (error) {
    if (!(error instanceof DiagnosticsError)) throw error;
    return error.diagnostics.map((d) => ({ code: d.code, line: d.loc?.line ?? 0, column: d.loc?.column ?? 0 }));
  }
}

describe('check fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(root, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[];
    const byPosition = (a: Expected, b: Expected) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
    expect((await problems(dir)).sort(byPosition)).toEqual([...expected].sort(byPosition));
  });
});
