import { chmodSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFolders, runUnprivileged } from '../../../test/support/as-unprivileged.js';
import { readModelRepository, versionOfFolderName } from './repository.js';

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'triton-repo-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

async function put(path: string, text = ''): Promise<void> {
  await mkdir(join(repo, path, '..'), { recursive: true });
  await writeFile(join(repo, path), text);
}

describe('readModelRepository', () => {
  it('lists models, versions the way Triton reads folder names, and configs', async () => {
    await put('cls/config.pbtxt', 'name: "cls"\nbackend: "onnxruntime"\nmax_batch_size: 4\n');
    await put('cls/1/model.onnx', 'x');
    await put('cls/3/model.onnx', 'x');
    await put('cls/007/model.onnx', 'x');
    await put('cls/latest/model.onnx', 'x');
    await put('cls/configs/gpu.pbtxt', 'name: "cls"');
    await put('cls/labels.txt', 'a');
    await put('ens/config.pbtxt', 'name: "ens"\nplatform: "ensemble"\n');
    await mkdir(join(repo, 'ens/1'), { recursive: true });
    await put('README.md', 'not a model');

    const read = await readModelRepository(repo);
    expect(read.models.map((m) => m.name)).toEqual(['cls', 'ens']);
    const cls = read.models[0];
    expect(cls?.config).toEqual({ name: 'cls', backend: 'onnxruntime', max_batch_size: 4 });
    expect(cls?.versions.map((v) => [v.version, v.entries])).toEqual([
      [1, ['model.onnx']],
      [3, ['model.onnx']],
    ]);
    expect(cls?.otherEntries.sort()).toEqual(['007', 'configs', 'labels.txt', 'latest']);
    expect(read.diagnostics.map((d) => d.message).sort()).toEqual([
      "ignore version directory '007' which contains leading zeros in its directory name",
      "ignore version directory 'latest' which fails to convert to integral number",
    ]);
    expect(read.models[1]?.versions).toEqual([{ version: 1, dir: join(repo, 'ens/1'), entries: [] }]);
  });

  it('reports a malformed config.pbtxt at file:line:col and keeps reading the others', async () => {
    await put('good/config.pbtxt', 'name: "good"');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unrendered template is the input under test
    await put('bad/config.pbtxt', 'name: "bad"\nmax_batch_size: ${MBS}\n');
    const read = await readModelRepository(repo);
    expect(read.models.find((m) => m.name === 'good')?.config).toEqual({ name: 'good' });
    expect(read.models.find((m) => m.name === 'bad')?.config).toBeUndefined();
    expect(read.diagnostics).toEqual([
      expect.objectContaining({
        code: 'E_PBTXT_SYNTAX',
        message: 'Expected integer, got: $',
        loc: { file: join(repo, 'bad/config.pbtxt'), line: 2, column: 17 },
      }),
    ]);
  });
});

describe('readModelRepository on files it cannot read', () => {
  it('reports a model folder, config.pbtxt or version folder it may not open, as Triton does, and reads the rest', async () => {
    await put('good/config.pbtxt', 'name: "good"');
    await put('good/1/model.onnx', 'x');
    await put('locked/config.pbtxt', 'name: "locked"');
    await put('shut/config.pbtxt', 'name: "shut"');
    await put('shut/1/model.onnx', 'x');
    chmodSync(join(repo, 'locked/config.pbtxt'), 0o000);
    chmodSync(join(repo, 'shut/1'), 0o000);
    await put('closed/config.pbtxt', 'name: "closed"');
    chmodSync(join(repo, 'closed'), 0o000);
    openFolders(repo, join(repo, 'good'), join(repo, 'good/1'), join(repo, 'locked'), join(repo, 'shut'));
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `const read = await ENTRY0.readModelRepository(process.argv[1]);
console.log(JSON.stringify({ models: read.models.map((m) => [m.name, m.config ?? null, m.versions.map((v) => v.version)]), diagnostics: read.diagnostics.map((d) => [d.code, d.message, d.loc?.file]) }));`;
    const [read] = runUnprivileged(script, [entry], [repo]);
    expect(read).toEqual({
      models: [
        ['good', { name: 'good' }, [1]],
        ['locked', null, []],
        ['shut', { name: 'shut' }, []],
      ],
      diagnostics: [
        ['E_TRITON_REPOSITORY_UNREADABLE', `failed to read model directory ${join(repo, 'closed')}: EACCES`, join(repo, 'closed')],
        ['E_TRITON_REPOSITORY_UNREADABLE', `failed to open text file for read ${join(repo, 'locked/config.pbtxt')}: EACCES`, join(repo, 'locked/config.pbtxt')],
        ['E_TRITON_REPOSITORY_UNREADABLE', `failed to read version directory ${join(repo, 'shut/1')}: EACCES`, join(repo, 'shut/1')],
      ],
    });
  });
});

describe('versionOfFolderName', () => {
  it('takes a numeric prefix as std::stoll does', () => {
    expect(versionOfFolderName('12')).toEqual({ version: 12 });
    expect(versionOfFolderName('1abc')).toEqual({ version: 1 });
    expect(versionOfFolderName('0')).toEqual({ version: 0 });
    expect(versionOfFolderName('01')).toHaveProperty('ignored');
  });
});
