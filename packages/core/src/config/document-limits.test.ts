import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticsError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../plan/load-pipeline.js';
import { StageRegistry } from '../registry/stage-registry.js';
import { YAML_LIMITS } from './document-limits.js';

const registry = StageRegistry.fromPlugins([]);

/**
 * Loads `content` as deploy.yaml in a fresh folder; the YAML-reading diagnostics it is refused with
 * ([] when the document reads; the files here have top-level keys the pipeline format does not know).
 */
async function problemsOf(content: string | Buffer) {
  const dir = mkdtempSync(path.join(tmpdir(), 'limits-'));
  writeFileSync(path.join(dir, 'deploy.yaml'), content);
  try {
    await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {} });
    return [];
  } catch (error) {
    if (!(error instanceof DiagnosticsError)) throw error;
    return error.diagnostics.filter((d) => d.code.startsWith('E_YAML_')).map((d) => ({ code: d.code, line: d.loc?.line, column: d.loc?.column, message: d.message }));
  }
}

/** A "billion laughs" document: each level repeats the previous one `width` times. */
function aliasBomb(levels: number, width: number): string {
  const lines = [`l0: &l0 [${Array(width).fill('"x"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nstages: {}\n`;
}

describe('pipeline documents are bounded', () => {
  it('accepts aliases of ordinary size, refuses an alias bomb at the alias that crosses the bound', async () => {
    expect(await problemsOf(`${aliasBomb(2, 3)}`)).toEqual([]);
    const found = await problemsOf(aliasBomb(9, 9));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'E_YAML_ALIAS_LIMIT' });
    // The first alias whose expansion passes the bound sits on a `l<N>:` line of the bomb.
    expect(found[0]!.line).toBeGreaterThan(1);
    expect(found[0]!.line).toBeLessThanOrEqual(9);
  });

  it('accepts nesting within the depth limit, refuses 10,000 levels at the first level past it', async () => {
    const nested = (depth: number) => `stages: {}\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(await problemsOf(nested(20))).toEqual([]);
    const found = await problemsOf(nested(10_000));
    expect(found).toEqual([expect.objectContaining({ code: 'E_YAML_DEPTH', line: 2 })]);
    // `x: ` then the brackets: the bracket that opens one level too many.
    expect(found[0]!.column).toBeGreaterThan(YAML_LIMITS.maxDepth - 5);
    expect(found[0]!.column).toBeLessThan(YAML_LIMITS.maxDepth + 8);
  });

  it('refuses invalid UTF-8 with the byte offset, line and column of the first bad byte', async () => {
    const good = Buffer.from('stages: {}\nname: "ok é"\n');
    expect(await problemsOf(good)).toEqual([]);
    const bad = Buffer.concat([Buffer.from('stages: {}\nname: "ab'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
    const found = await problemsOf(bad);
    expect(found).toEqual([expect.objectContaining({ code: 'E_YAML_ENCODING', line: 2, column: 10 })]);
    expect(found[0]!.message).toContain(`byte ${'stages: {}\nname: "ab'.length}`);
  });

  it('refuses a %YAML directive of a version it does not read', async () => {
    expect(await problemsOf('%YAML 1.2\n---\nstages: {}\n')).toEqual([]);
    expect(await problemsOf('%YAML 9.9\n---\nstages: {}\n')).toEqual([expect.objectContaining({ code: 'E_YAML_DIRECTIVE', line: 1, column: 7 })]);
  });

  it('refuses a file larger than the size limit before parsing it', async () => {
    const filler = `# ${'x'.repeat(1000)}\n`;
    expect(await problemsOf(`stages: {}\n${filler.repeat(100)}`)).toEqual([]);
    const found = await problemsOf(`stages: {}\n${filler.repeat(Math.ceil(YAML_LIMITS.maxBytes / filler.length) + 1)}`);
    expect(found).toEqual([expect.objectContaining({ code: 'E_YAML_SIZE', line: 1, column: 1 })]);
  });
});

describe('duplicate keys, found with a set per map', () => {
  it('reports a repeated key in a nested block map and in a flow map, at the second key', async () => {
    expect(await problemsOf('stages: {}\nenv:\n  A: 1\n  B: 2\n')).toEqual([]);
    const found = await problemsOf('stages: {}\nenv:\n  A: 1\n  A: 2\nx: { b: 1, b: 2 }\n');
    expect(found.map((d) => [d.code, d.line, d.column])).toEqual([
      ['E_YAML_SYNTAX', 4, 3],
      ['E_YAML_SYNTAX', 5, 12],
    ]);
  });
});

describe('stage ids that become path parts', () => {
  it('refuses Windows device names and path characters as stage ids, accepts names that only contain them', async () => {
    const stage = (id: string) => `stages:\n  ${id}:\n    uses: exec\n`;
    const schemaProblems = async (id: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ids-'));
      writeFileSync(path.join(dir, 'deploy.yaml'), stage(id));
      const error = await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {} }).catch((e: unknown) => e);
      return error instanceof DiagnosticsError ? error.diagnostics.filter((d) => d.code === 'E_SCHEMA_INVALID').map((d) => [d.loc?.line, d.loc?.column]) : [];
    };
    for (const id of ['console', 'nul_x', 'COM10', 'lpt', 'auxiliary']) expect(await schemaProblems(id), id).toEqual([]);
    for (const id of ['CON', 'nul', 'Com1', 'LPT9', 'aux', '"../x"', '"a/b"', '"/abs"', '"a\\0b"']) expect(await schemaProblems(id), id).toEqual([[2, 3]]);
  });
});
