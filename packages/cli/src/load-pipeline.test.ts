import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './testing/cli-harness.testing.js';

// A file whose one warning (a secret not set in the environment) every pipeline verb reports.
const dir = scratchDir('cli-warnings-');
writeFileSync(path.join(dir, 'p.yaml'), 'name: w\nsecrets: [HF_TOKEN]\nstages:\n  a:\n    uses: exec\n    with: { command: [node, -e, "0"] }\n');

async function stderrOf(argv: string[]): Promise<string> {
  return (await runCli(argv, { cwd: dir, env: { PATH: process.env.PATH } })).stderr;
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
