// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { describe, expect, it } from 'vitest';
import { collectReferences } from './references.js';
import { evaluateExpression } from './evaluate.js';
import { ExpressionError } from './expression-error.js';
import { parseExpression } from './parser.js';
import { evaluateTemplate, parseTemplate } from './template.js';

const roots = {
  params: { precision: 'fp16', batch: 8, strict: true, 'x@y=1': 'odd' },
  env: { HOME: '/home/u' },
  matrix: {},
  tools: {},
  stages: {
    a: { status: 'skipped', outputs: {} },
    b: { status: 'succeeded', outputs: { model: { kind: 'onnx-model', digest: 'sha256:00', size: 1, path: '/x/b.onnx', meta: {} } } },
  },
};
const run = (source: string) => evaluateExpression(parseExpression(source), roots);

describe('expressions', () => {
  it('reads properties by dot and by bracket', () => {
    expect(run('params.precision')).toBe('fp16');
    expect(run("params['x@y=1']")).toBe('odd');
    expect(run('params.missing.deeper')).toBeUndefined();
  });
  it('coalesces the output of a skipped stage', () => {
    expect(run('stages.a.outputs.model ?? stages.b.outputs.model')).toBe(roots.stages.b.outputs.model);
    expect(run('exists(stages.a.outputs.model)')).toBe(false);
  });
  it('binds && tighter than || and ?? loosest', () => {
    expect(run('false && false || true')).toBe(true);
    expect(run('false && (false || true)')).toBe(false);
    expect(run("params.none ?? params.batch == 8")).toBe(true);
    expect(run('!params.strict || params.batch >= 8')).toBe(true);
    expect(run('-params.batch < 0')).toBe(true);
  });
  it('compares a number with its decimal text (as -p passes it) but not other types', () => {
    expect(run("params.batch == '8'")).toBe(true);
    expect(run('params.strict == 1')).toBe(false);
    expect(() => run("params.batch < 'x'")).toThrow(ExpressionError);
  });
  it('calls the built-in functions', () => {
    expect(run("format('{0}-b{1}', params.precision, params.batch)")).toBe('fp16-b8');
    expect(run("contains(toJSON(params), 'fp16') && startsWith(env.HOME, '/home')")).toBe(true);
    expect(run("fromJSON('[1,2]').length")).toBe(2);
  });
  it('never reaches prototypes', () => {
    expect(run('params.constructor')).toBeUndefined();
    expect(run("params['__proto__']")).toBeUndefined();
  });
  it('reports syntax errors at the offending character', () => {
    const source = 'params.a = 1';
    const error = (() => {
      try {
        parseExpression(source);
        return undefined;
      } catch (e) {
        return e as ExpressionError;
      }
    })();
    expect(error?.code).toBe('E_EXPR_SYNTAX');
    expect(error?.start).toBe(source.indexOf('='));
  });
  it('rejects unknown names and functions', () => {
    expect(() => run('secrets.X')).toThrow(/unknown name "secrets"/);
    expect(() => run('eval(1)')).toThrow(/unknown function "eval"/);
  });
});

describe('templates', () => {
  it('keeps the type of a whole-string expression', () => {
    expect(evaluateTemplate(parseTemplate('${{ params.batch }}'), roots)).toBe(8);
    expect(evaluateTemplate(parseTemplate(' ${{ stages.b.outputs.model }} '), roots)).toBe(roots.stages.b.outputs.model);
  });
  it('interpolates mixed text, artifacts by path', () => {
    expect(evaluateTemplate(parseTemplate('b${{ params.batch }}-${{ stages.b.outputs.model }}'), roots)).toBe('b8-/x/b.onnx');
  });
  it('finds the closing braces outside quoted strings', () => {
    const template = parseTemplate("${{ format('{0}}}', params.batch) }}!");
    expect(evaluateTemplate(template, roots)).toBe('8}}!');
  });
  it('places errors in the whole string', () => {
    const text = 'pre ${{ params. }} post';
    try {
      parseTemplate(text);
      expect.unreachable();
    } catch (e) {
      expect((e as ExpressionError).start).toBe(text.indexOf('}}'));
    }
  });
});

describe('references', () => {
  it('collects each chain with its static path', () => {
    const refs = collectReferences(parseExpression("stages['convert@p=1'].outputs.model ?? stages.b.outputs[params.name]"));
    expect(refs.map((r) => [r.root, r.path])).toEqual([
      ['stages', ['convert@p=1', 'outputs', 'model']],
      ['stages', ['b', 'outputs']],
      ['params', ['name']],
    ]);
  });
});
