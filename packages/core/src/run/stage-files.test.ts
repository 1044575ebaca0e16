import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { PipelineError } from '@pipeline/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { createStageFiles } from './stage-files.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function fresh() {
  const root = await mkdtemp(join(os.tmpdir(), 'stage-files-'));
  dirs.push(root);
  const outDir = join(root, 'out');
  const workDir = join(root, 'work');
  await mkdir(outDir);
  await mkdir(workDir);
  return { root, outDir, workDir, files: createStageFiles(outDir, 'convert@precision=fp16') };
}

/** The code of the error a promise rejects with (or 'resolved'). */
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof PipelineError ? e.code : String(e)));

describe('createStageFiles', () => {
  it('writes text, bytes and JSON inside outDir, creating folders, and leaves no temporary behind', async () => {
    const { outDir, files } = await fresh();
    expect(await files.writeOutput('a/b/notes.md', '# hi\n')).toBe(join(outDir, 'a/b/notes.md'));
    await files.writeOutput('raw.bin', new Uint8Array([1, 2, 255]));
    await files.writeJson('report.json', { x: 1 });
    expect(await readFile(join(outDir, 'a/b/notes.md'), 'utf8')).toBe('# hi\n');
    expect([...(await readFile(join(outDir, 'raw.bin')))]).toEqual([1, 2, 255]);
    expect(JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8'))).toEqual({ x: 1 });
    expect((await readFile(join(outDir, 'report.json'), 'utf8')).endsWith('}\n')).toBe(true);
    expect((await readdir(outDir)).sort()).toEqual(['a', 'raw.bin', 'report.json']);
  });

  it('refuses absolute paths, paths that climb out and outDir itself, writing nothing', async () => {
    const { root, outDir, files } = await fresh();
    expect(await codeOf(files.writeOutput('../escaped.txt', 'x'))).toBe('E_OUTPUT_OUTSIDE');
    expect(await codeOf(files.writeOutput('a/../../escaped.txt', 'x'))).toBe('E_OUTPUT_OUTSIDE');
    expect(await codeOf(files.writeOutput(join(outDir, 'abs.txt'), 'x'))).toBe('E_OUTPUT_OUTSIDE');
    expect(await codeOf(files.writeJson('.', {}))).toBe('E_OUTPUT_OUTSIDE');
    expect(await codeOf(files.placeOutput(join(root, 'work'), '../moved'))).toBe('E_OUTPUT_OUTSIDE');
    expect(await codeOf(files.makeOutputDir('..'))).toBe('E_OUTPUT_OUTSIDE');
    expect((await readdir(root)).sort()).toEqual(['out', 'work']);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('places a file by link (the source stays) or by move (the source goes)', async () => {
    const { outDir, workDir, files } = await fresh();
    await writeFile(join(workDir, 'input.onnx'), 'model');
    await writeFile(join(workDir, 'made.txt'), 'made');
    await files.placeOutput(join(workDir, 'input.onnx'), 'model/input.onnx');
    await files.placeOutput(join(workDir, 'made.txt'), 'out/made.txt', { move: true });
    expect(await readFile(join(outDir, 'model/input.onnx'), 'utf8')).toBe('model');
    expect(await readFile(join(workDir, 'input.onnx'), 'utf8')).toBe('model');
    expect(await readFile(join(outDir, 'out/made.txt'), 'utf8')).toBe('made');
    expect(await readdir(workDir)).toEqual(['input.onnx']);
  });

  it('makes empty output folders, reads text and tells file sizes (undefined for folders and missing files)', async () => {
    const { outDir, workDir, files } = await fresh();
    const made = await files.makeOutputDir('out/empty');
    expect((await stat(made)).isDirectory()).toBe(true);
    expect(made).toBe(join(outDir, 'out/empty'));
    await writeFile(join(workDir, 'labels.txt'), 'a 1\nb 0\n');
    const artifact = { kind: 'file', digest: 'sha256:x', size: 8, path: join(workDir, 'labels.txt'), meta: {} };
    expect(await files.readText(artifact)).toBe('a 1\nb 0\n');
    expect(await files.readText(artifact.path)).toBe('a 1\nb 0\n');
    expect(await files.fileSize(artifact.path)).toBe(8);
    expect(await files.fileSize(workDir)).toBeUndefined();
    expect(await files.fileSize(join(workDir, 'nope'))).toBeUndefined();
  });
});
