// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';

const dir = scratchDir('cli-explain-');
writeFileSync(
  path.join(dir, 'deploy.yaml'),
  `name: matrix-explain
stages:
  echo:
    uses: exec
    matrix: { word: [a, b] }
    with:
      command: [sh, -c, "echo \${{ matrix.word }} > out.txt"]
      outputs: [out.txt]
`,
);
const cli = cliIn(dir, { PATH: process.env.PATH, CI: 'true' });

describe('pipeline explain', () => {
  it('explains every member of a matrix stage named by the id written in the file, as run --force takes it', async () => {
    expect((await cli('run', 'deploy.yaml')).code).toBe(0);
    const member = await cli('explain', 'deploy.yaml', 'echo@word=a');
    expect({ code: member.code, stdout: member.stdout }).toEqual({ code: 0, stdout: 'stage echo@word=a would come from the cache\n' });
    const all = await cli('explain', 'deploy.yaml', 'echo');
    expect({ code: all.code, stdout: all.stdout }).toEqual({ code: 0, stdout: 'stage echo@word=a would come from the cache\nstage echo@word=b would come from the cache\n' });
    const json = await cli('explain', 'deploy.yaml', 'echo', '--json');
    expect((JSON.parse(json.stdout) as { stageId: string }[]).map((e) => e.stageId)).toEqual(['echo@word=a', 'echo@word=b']);
  });

  it('refuses a stage the file does not have (exit 2), listing the ids it does', async () => {
    const missing = await cli('explain', 'deploy.yaml', 'ehco');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[E_USAGE] no stage "ehco" in deploy.yaml');
  });
});
