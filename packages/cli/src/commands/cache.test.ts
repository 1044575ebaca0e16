import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';

const dir = scratchDir('cli-cache-');
writeFileSync(path.join(dir, 'deploy.yaml'), 'name: t\nstages:\n  a: { uses: exec, with: { command: [true] } }\n');
writeFileSync(path.join(dir, 'broken.yaml'), 'name: t\nstages:\n  a: { uses: exec\n');
writeFileSync(path.join(dir, 'notes.yaml'), 'title: not a pipeline\n');
writeFileSync(path.join(dir, 'model.onnx'), Buffer.from([8, 7, 18, 0, 0xff]));
mkdirSync(path.join(dir, 'sub'));

const cli = cliIn(dir);

describe('pipeline cache: the target', () => {
  it.each(['ls', 'prune'])('%s: a target that does not exist is a usage error (exit 2), not an empty workspace', async (verb) => {
    const { code, stdout, stderr } = await cli('cache', verb, '/nonexistent');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('E_USAGE');
    expect(stderr).toContain('/nonexistent: no such file or folder');
  });

  it.each(['ls', 'prune'])('%s: a file that is not a pipeline is a usage error (exit 2)', async (verb) => {
    for (const file of ['notes.yaml', 'model.onnx']) {
      const { code, stderr } = await cli('cache', verb, file);
      expect(code, file).toBe(2);
      expect(stderr).toContain(`${file}: not a pipeline file`);
    }
  });

  it('takes a pipeline file (even one that does not parse), its folder, or the .pipeline folder', async () => {
    const workspace = path.join(dir, '.pipeline');
    for (const target of ['deploy.yaml', 'broken.yaml', '.', '.pipeline']) {
      mkdirSync(workspace, { recursive: true });
      const { code, stdout } = await cli('cache', 'ls', target, '--json');
      expect(code, target).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ entries: [], runs: [] });
    }
    const listing = await cli('cache', 'ls', 'deploy.yaml');
    expect(listing.stdout).toContain(`in ${workspace}`);
  });

  it('prune of a workspace never run says so and creates nothing', async () => {
    const { code, stdout } = await cli('cache', 'prune', 'sub');
    expect(code).toBe(0);
    expect(stdout).toContain('nothing to prune');
    expect(existsSync(path.join(dir, 'sub', '.pipeline'))).toBe(false);
  });
});
