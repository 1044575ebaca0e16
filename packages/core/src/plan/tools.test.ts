// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticsError } from '@pipeline/errors';
import { type AnyStage, definePlugin, defineStage } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StageRegistry } from '../registry/stage-registry.js';
import { loadPipeline } from './load-pipeline.js';

const stage = (name: string, extra: Partial<AnyStage>) =>
  defineStage({ name, version: 1, description: name, inputs: {}, params: z.object({}), outputs: {}, run: async () => ({ outputs: {} }), ...extra });
const declared = stage('t/declared', { tools: ['trtexec'], probe: async () => ({}) });
const undeclared = stage('t/undeclared', { probe: async () => ({}) });

async function codes(stages: AnyStage[], condition: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tools-'));
  writeFileSync(path.join(dir, 'deploy.yaml'), `stages:\n  a:\n    uses: t/declared\n    if: ${condition}\n`);
  const registry = StageRegistry.fromPlugins([definePlugin({ name: 't', stages })]);
  try {
    await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {} });
    return [];
  } catch (error) {
    if (!(error instanceof DiagnosticsError)) throw error;
    return error.diagnostics.map((d) => d.code);
  }
}

describe('${{ tools.<name> }} at check time', () => {
  it('accepts a name an installed stage declares, and the whole map', async () => {
    expect(await codes([declared], '${{ tools.trtexec.found && tools != null }}')).toEqual([]);
  });

  it('reports a name no installed stage declares', async () => {
    expect(await codes([declared], '${{ tools.trtexce.found }}')).toEqual(['E_UNKNOWN_TOOL']);
  });

  it('reports nothing when a stage with a probe leaves its tool names undeclared: they are known only when it runs', async () => {
    expect(await codes([declared, undeclared], '${{ tools.anything.found }}')).toEqual([]);
  });
});
