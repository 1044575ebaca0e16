// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrModels } from '../../../../test/support/test-models.js';
import { runCli, scratchDir } from '../testing/cli-harness.testing.js';

// The built-in `benchmark` stage's nested params, as a user mistypes them: a gate name with a typo
// parsed to no gate at all, and a wrong type inside `data:` was "Invalid input" at `data`.
const dir = scratchDir('cli-check-nested-');
const pipeline = (gates: string, data: string) =>
  `name: nested
params:
  p99: { type: number, default: 50 }
stages:
  bench:
    uses: benchmark
    with:
      model: ${ocrModels.cls}
      data: ${data}
      gates: ${gates}
`;
const GOOD_DATA = '{ random: { count: 4, dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 192 } } }';

async function check(gates: string, data = GOOD_DATA) {
  writeFileSync(path.join(dir, 'deploy.yaml'), pipeline(gates, data));
  const { code, stderr } = await runCli(['check', 'deploy.yaml'], { cwd: dir });
  const heads = [...stderr.matchAll(/^deploy\.yaml:(\d+):(\d+) error\[(E_[A-Z_]+)\] (.*)$/gm)].map((m) => ({ line: Number(m[1]), column: Number(m[2]), code: m[3], message: m[4] }));
  return { code, heads, stderr };
}

describe('pipeline check: nested params of a built-in stage', () => {
  it('names a mistyped gate (also beside an expression) and suggests the real one', async () => {
    expect((await check('{ max_p99_ms: 50, min_throughput: 10 }')).code).toBe(0);
    expect((await check('{ max_p99_ms: "${{ params.p99 }}" }')).code).toBe(0);
    const typo = await check('{ max_p99_mz: 50 }');
    expect(typo.code).toBe(2);
    expect(typo.heads).toEqual([{ line: 10, column: 16, code: 'E_UNKNOWN_WITH_KEY', message: 'stage "bench" (benchmark) has no param "gates.max_p99_mz"' }]);
    expect(typo.stderr).toContain('hint: did you mean "max_p99_ms"?');
    const besideExpression = await check('{ max_p99_ms: "${{ params.p99 }}", min_througput: 10 }');
    expect(besideExpression.heads.map((h) => [h.code, h.column])).toEqual([['E_UNKNOWN_WITH_KEY', 49]]);
  });

  it('points a wrong type inside a data source at the field, not at `data:`', async () => {
    const wrong = await check('{}', '{ random: { count: "four" } }');
    expect(wrong.code).toBe(2);
    expect(wrong.heads).toEqual([{ line: 9, column: 32, code: 'E_PARAM_INVALID', message: 'param "data.random.count" of stage "bench": Invalid input: expected number, received string' }]);
  });
});

describe('pipeline check: server URLs the HTTP client cannot use', () => {
  const repository = path.join(dir, 'repository');
  mkdirSync(path.join(repository, 'cls', '1'), { recursive: true });
  writeFileSync(path.join(repository, 'cls', 'config.pbtxt'), 'backend: "onnxruntime"\n');
  copyFileSync(ocrModels.cls, path.join(repository, 'cls', '1', 'model.onnx'));
  const stages = (url: string) => `name: urls
stages:
  deploy:
    uses: deploy/triton
    with:
      repository: ${repository}
      reference: ${ocrModels.cls}
      url: ${url}
  load:
    uses: benchmark/server
    with:
      url: ${url}
      metrics_url: ${url}/metrics
      model: cls
  bench:
    uses: benchmark
    with:
      model: ${ocrModels.cls}
      runner: triton
      server: { url: ${url} }
`;
  it('refuses a URL that is not http(s) at check (exit 2), where an http one to a closed port is accepted', async () => {
    writeFileSync(path.join(dir, 'urls.yaml'), stages('http://127.0.0.1:1'));
    const accepted = await runCli(['check', 'urls.yaml'], { cwd: dir });
    expect({ code: accepted.code, errors: accepted.stderr.match(/error\[.*$/gm) }).toEqual({ code: 0, errors: null });
    writeFileSync(path.join(dir, 'urls.yaml'), stages('ftp://127.0.0.1:1'));
    const refused = await runCli(['check', 'urls.yaml'], { cwd: dir });
    expect(refused.code).toBe(2);
    const params = [...refused.stderr.matchAll(/error\[E_PARAM_INVALID\] param "([^"]+)" of stage "([^"]+)"/g)].map((m) => `${m[2]}.${m[1]}`);
    expect(params.sort()).toEqual(['bench.server.url', 'deploy.url', 'load.metrics_url', 'load.url']);
  });
});
