import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

// A file whose one warning (a secret not set in the environment) every pipeline verb reports.
const dir = mkdtempSync(path.join(tmpdir(), 'cli-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'p.yaml'), 'name: w\nsecrets: [HF_TOKEN]\nstages:\n  a:\n    uses: exec\n    with: { command: [node, -e, "0"] }\n');

async function stderrOf(argv: string[]): Promise<string> {
  let stderr = '';
  await main(argv, {
    cwd: dir,
    env: { PATH: process.env.PATH },
    stdout: { write: () => undefined },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
    },
    signal: new AbortController().signal,
  });
  return stderr;
}

describe('warnings of a pipeline file', () => {
  for (const argv of [['plan', 'p.yaml'], ['check', 'p.yaml'], ['explain', 'p.yaml', 'a'], ['plan', 'p.yaml', '--json']]) {
    it(`\`pipeline ${argv.join(' ')}\` prints each one once, located`, async () => {
      const stderr = await stderrOf(argv);
      expect(stderr.match(/warning\[W_SECRET_UNSET\]/g)).toEqual(['warning[W_SECRET_UNSET]']);
      expect(stderr).toContain('p.yaml:2:11 warning[W_SECRET_UNSET]');
    });
  }
});
