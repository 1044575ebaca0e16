// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { describe, expect, it } from 'vitest';
import { cli, folderWith, STACK_FRAME } from './cli.js';

// Finding 6 of issue 16: exec-stage mistakes `check` passed and `run` then rejected with exit 3.
// Each case: a variant without the mistake is accepted, the mistake is refused by `check` (exit 2,
// located, its code) and by `run` with the same exit code, never 3.
const producer = 'a:\n    uses: exec\n    with:\n      command: [node, -e, "require(\'fs\').writeFileSync(\'a.txt\', \'x\')"]\n';
const cases = [
  {
    name: 'neither command: nor script:',
    good: 'stages:\n  s:\n    uses: exec\n    with:\n      command: [node, -e, "1"]\n',
    bad: 'stages:\n  s:\n    uses: exec\n    with:\n      env: { A: b }\n',
    code: 'E_EXEC_PARAMS',
    line: 4,
  },
  {
    name: '{in:NAME} naming no declared file',
    good: 'stages:\n  s:\n    uses: exec\n    with:\n      files: [./in.txt]\n      command: [cat, "{in:in.txt}"]\n',
    bad: 'stages:\n  s:\n    uses: exec\n    with:\n      files: [./in.txt]\n      command: [cat, "{in:other.txt}"]\n',
    code: 'E_EXEC_UNKNOWN_INPUT',
    line: 6,
  },
  {
    name: 'an output used but not declared by its producer',
    good: `stages:\n  ${producer}      outputs: [a.txt]\n  b:\n    uses: exec\n    with:\n      files: ["\${{ stages.a.outputs.file }}"]\n      command: [cat, "{in:a}"]\n`,
    bad: `stages:\n  ${producer}  b:\n    uses: exec\n    with:\n      files: ["\${{ stages.a.outputs.file }}"]\n      command: [cat, "{in:a}"]\n`,
    code: 'E_UNKNOWN_REFERENCE',
    line: 9,
  },
  {
    name: 'stdout: "." (a folder, not a file)',
    good: 'stages:\n  s:\n    uses: exec\n    with:\n      command: [echo, hi]\n      stdout: out.txt\n',
    bad: 'stages:\n  s:\n    uses: exec\n    with:\n      command: [echo, hi]\n      stdout: "."\n',
    code: 'E_PARAM_INVALID',
    line: 6,
  },
];

describe('check and run agree on exec-stage mistakes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const goodDir = folderWith({ 'p.yaml': c.good, 'in.txt': 'x\n' });
      expect(cli(['check', 'p.yaml'], goodDir).code).toBe(0);
      expect(cli(['run', 'p.yaml'], goodDir).code).toBe(0);
      const dir = folderWith({ 'p.yaml': c.bad, 'in.txt': 'x\n' });
      const checked = cli(['check', 'p.yaml'], dir);
      expect(checked.code).toBe(2);
      expect(checked.stderr).toMatch(new RegExp(`^p\\.yaml:${c.line}:\\d+ error\\[${c.code}\\]`, 'm'));
      const ran = cli(['run', 'p.yaml'], dir);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toContain(c.code);
      expect(`${checked.stderr}${ran.stderr}`).not.toMatch(STACK_FRAME);
    });
  }
});
