import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnUnprivileged } from './support/as-unprivileged.js';

// A pipeline in a folder its user may not write (a read-only checkout, a mounted volume): the
// workspace .pipeline/ cannot be made beside it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const root = mkdtempSync(path.join(tmpdir(), 'read-only-workspace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const writable = path.join(root, 'writable');
const readOnly = path.join(root, 'read-only');
for (const dir of [writable, readOnly]) {
  mkdirSync(dir);
  // exec-example: its literal files are hashed, so explain has a hash memo to keep.
  cpSync(path.join(repoRoot, 'pipelines/exec-example.yaml'), path.join(dir, 'deploy.yaml'));
  cpSync(path.join(repoRoot, 'pipelines/data/corpus.txt'), path.join(dir, 'data/corpus.txt'));
  cpSync(path.join(repoRoot, 'pipelines/data/scripts'), path.join(dir, 'data/scripts'), { recursive: true });
}
chmodSync(root, 0o755);
for (const dir of [readOnly, path.join(readOnly, 'data'), path.join(readOnly, 'data/scripts')]) chmodSync(dir, 0o555);
for (const dir of [writable, path.join(writable, 'data'), path.join(writable, 'data/scripts')]) chmodSync(dir, 0o777);
const cli = (cwd: string, ...args: string[]) => spawnUnprivileged([bin, ...args], { cwd, env: { PATH: process.env.PATH, CI: 'true' } });

describe('a pipeline in a folder its user may not write', () => {
  it('run is refused with E_WORKSPACE_UNWRITABLE (exit 2), no stack, where the same file in a writable folder runs', () => {
    expect(cli(writable, 'run', 'deploy.yaml').status).toBe(0);
    const refused = cli(readOnly, 'run', 'deploy.yaml');
    expect({ status: refused.status, stack: refused.stderr.includes('internal error') }).toEqual({ status: 2, stack: false });
    expect(refused.stderr).toContain(`error[E_WORKSPACE_UNWRITABLE] cannot write the workspace ${path.join(readOnly, '.pipeline')}: permission denied (EACCES)`);
    expect(existsSync(path.join(readOnly, '.pipeline'))).toBe(false);
  });

  it('explain, which only reads, still answers (nothing to compare with)', () => {
    const explained = cli(readOnly, 'explain', 'deploy.yaml', 'words');
    expect({ status: explained.status, stack: explained.stderr.includes('internal error') }).toEqual({ status: 0, stack: false });
    expect(explained.stdout).toMatch(/^stage words will run/);
  });
});
