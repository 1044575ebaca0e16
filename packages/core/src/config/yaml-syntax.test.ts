// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { describe, expect, it } from 'vitest';
import { PipelineSource } from './source.js';

const diagnostics = (text: string) => new PipelineSource('deploy.yaml', text).syntaxDiagnostics();

describe('YAML syntax diagnostics', () => {
  it('report an unquoted expression in a flow map once, at the expression, with a quoting hint', () => {
    const line = '    gates: { max_p99_ms: ${{ params.x }} }';
    const found = diagnostics(`name: x\nstages:\n  b:\n${line}\n  c:\n    uses: exec\n`);
    expect(found.map((d) => [d.code, d.loc?.line, d.loc?.column])).toEqual([['E_YAML_SYNTAX', 4, line.indexOf('$') + 1]]);
    expect(found[0]!.hint).toBe('quote the expression: max_p99_ms: "${{ params.x }}"');
  });

  it('drop the follow-on errors of one broken construct, keep genuinely separate ones', () => {
    // A stray `]`: the library reports it, then every later token "in YAML stream" (9 more here).
    const stray = diagnostics('x: [a, b]]\ny: 1\nz: 2\n');
    expect(stray.map((d) => [d.loc?.line, d.loc?.column])).toEqual([[1, 'x: [a, b]'.length + 1]]);
    // Three separate mistakes: a duplicate key, an unclosed `[`, an unclosed quote.
    const separate = diagnostics('a: 1\na: 2\nb:\n  c: [1, 2\nd: "open\n');
    expect(separate).toHaveLength(3);
    expect([separate[0]!.loc?.line, separate[0]!.loc?.column]).toEqual([2, 1]);
  });

  it('leave a quoted expression and block-context expressions alone', () => {
    expect(diagnostics('a: { b: "${{ params.x }}" }\nc: ${{ params.y }}\n')).toEqual([]);
  });
});
