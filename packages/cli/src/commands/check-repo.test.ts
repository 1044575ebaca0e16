import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrModels } from '../../../../test/support/test-models.js';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';

const dir = scratchDir('cli-check-repo-');
const cli = cliIn(dir);

const CONFIG = `name: "cls"
backend: "onnxruntime"
max_batch_size: 8
input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, -1, -1 ] } ]
output [ { name: "softmax_0.tmp_0" data_type: TYPE_FP32 dims: [ 2 ] } ]
`;

function repo(name: string, config: string | undefined): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'cls', '1'), { recursive: true });
  copyFileSync(ocrModels.cls, join(root, 'cls', '1', 'model.onnx'));
  if (config !== undefined) writeFileSync(join(root, 'cls', 'config.pbtxt'), config);
  return name;
}

describe('pipeline check-repo', () => {
  it('exit 0 for a repository Triton would load', async () => {
    const { code, stdout, stderr } = await cli('check-repo', repo('good', CONFIG));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('✓ cls (onnxruntime_onnx, max_batch_size 8; versions 1)');
  });

  it('exit 2 with file:line:col, the token and Triton’s reason for a malformed config', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unrendered template is the input under test
    const { code, stderr } = await cli('check-repo', repo('template', CONFIG.replace('max_batch_size: 8', 'max_batch_size: ${MBS}')));
    expect(code).toBe(2);
    expect(stderr).toContain(`${join('template', 'cls', 'config.pbtxt')}:3:17 error[E_PBTXT_SYNTAX] Expected integer, got: $`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unrendered template is the input under test
    expect(stderr).toContain('3 | max_batch_size: ${MBS}');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 for a rule Triton applies, pointing at the value; --json carries the same diagnostics', async () => {
    const bad = CONFIG.replace('dims: [ 2 ]', 'dims: [ 0 ]');
    const text = await cli('check-repo', repo('zero', bad));
    expect(text.code).toBe(2);
    const column = (bad.split('\n')[4] ?? '').indexOf('0 ]') + 1;
    expect(text.stderr).toContain(
      `cls/config.pbtxt:5:${column} error[E_TRITON_IO] model output 'softmax_0.tmp_0' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for cls`,
    );
    const json = await cli('check-repo', 'zero', '--json');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d: { code: string; loc: { line: number; column: number } }) => [d.code, d.loc.line, d.loc.column])).toEqual([
      ['E_TRITON_IO', 5, column],
    ]);
  });

  it('--complete shows the config Triton will run for a model without config.pbtxt', async () => {
    expect((await cli('check-repo', repo('noconfig', undefined))).code).toBe(2);
    const { code, stdout } = await cli('check-repo', 'noconfig', '--complete');
    expect(code).toBe(0);
    expect(stdout).toContain('max_batch_size: 4');
    expect(stdout).toContain('dynamic_batching {');
  });

  it('usage errors exit 2', async () => {
    expect((await cli('check-repo')).code).toBe(2);
    expect((await cli('check-repo', 'missing-folder')).code).toBe(2);
    expect((await cli('check-repo', 'good', '--gpus', 'x')).code).toBe(2);
  });

  it('refuses a --triton that is not a release (YY.MM) even when no engine needs it, where 24.05 is accepted', async () => {
    expect((await cli('check-repo', 'good', '--triton', '24.05')).code).toBe(0);
    for (const release of ['24', 'banana', '2024.05']) {
      const { code, stderr } = await cli('check-repo', 'good', '--triton', release);
      expect({ code, refused: stderr.includes(`error[E_TRITON_RELEASE_FORMAT] Triton release "${release}" is not of the form YY.MM`) }).toEqual({ code: 2, refused: true });
    }
  });
});
