// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folderWith } from './cli.js';

// Finding 9 of issue 16: values substituted from `${{ }}` were re-read as exec placeholders, and
// `-p __proto__=1` was accepted silently. Placeholders are expanded in the literal template only.
const pipeline = `params:
  p: { type: string, default: plain }
stages:
  s:
    uses: exec
    with:
      files: [./words.txt]
      command: [node, -e, "require('fs').writeFileSync('out.txt', process.argv.slice(1).join('\\\\n'))", "{work}", "lit-{in:words.txt}", "\${{ params.p }}", "x\${{ params.p }}y"]
      outputs: [out.txt]
`;

function argsSeen(params: string[]): string[] {
  const dir = folderWith({ 'p.yaml': pipeline, 'words.txt': 'w\n' });
  const result = cli(['run', 'p.yaml', '--json', ...params.flatMap((p) => ['-p', p])], dir);
  expect(result.code, result.stderr).toBe(0);
  const record = JSON.parse(result.stdout) as { stages: { outputs: Record<string, { path: string }> }[] };
  return readFileSync(path.join(record.stages[0]!.outputs.file!.path), 'utf8').split('\n');
}

describe('exec placeholders', () => {
  it('expand in the literal template: {work} and {in:NAME} written in the file', () => {
    const [work, input, whole, embedded] = argsSeen([]);
    expect(path.isAbsolute(work!)).toBe(true);
    expect(input).toMatch(/^lit-\/.*words\.txt$/);
    expect([whole, embedded]).toEqual(['plain', 'xplainy']);
  });

  it('pass substituted values verbatim, however they look', () => {
    for (const value of ['C{work}D', '{in:words.txt}', '}{{x}}{in:nope}']) {
      const [, , whole, embedded] = argsSeen([`p=${value}`]);
      expect([whole, embedded]).toEqual([value, `x${value}y`]);
    }
  });
});

describe('-p names', () => {
  it('refuses every name that is not a declared param, __proto__ and constructor included', () => {
    const dir = folderWith({ 'p.yaml': pipeline, 'words.txt': 'w\n' });
    expect(cli(['check', 'p.yaml', '-p', 'p=1'], dir).code).toBe(0);
    for (const name of ['__proto__', 'constructor', 'toString', 'q']) {
      const result = cli(['check', 'p.yaml', '-p', `${name}=1`], dir);
      expect(result.code, name).toBe(2);
      expect(result.stderr).toContain(`E_PIPELINE_PARAM_UNKNOWN`);
      expect(result.stderr).toContain(`"${name}"`);
    }
  });
});
