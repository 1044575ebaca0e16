import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'packages/cli/dist/bin.cjs');

// The README's pipeline file is what users copy first: it must be a real, valid file.
describe('README pipeline example', () => {
  const example = readFileSync(path.join(root, 'pipelines/readme-example.yaml'), 'utf8');

  it('is shown verbatim in README.md', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const start = readme.indexOf('```yaml\n', readme.indexOf('## The pipeline file'));
    const end = readme.indexOf('```\n', start + 8);
    expect(readme.slice(start + 8, end)).toBe(example);
  });

  it('passes `pipeline check`', () => {
    const out = execFileSync(process.execPath, [cli, 'check', 'pipelines/readme-example.yaml', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, HF_TOKEN: 'not-a-real-token' },
    });
    const result = JSON.parse(out) as { ok?: boolean; diagnostics?: { severity: string }[] };
    expect(result.ok).toBe(true);
    expect((result.diagnostics ?? []).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
