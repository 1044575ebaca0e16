import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelInspectionSchema } from '@pipeline/kinds';
import { createGraph, createModel, createNode, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { cliIn, scratchDir } from '../testing/cli-harness.testing.js';
import { ocrModels, sileroModelPath } from '../../../../test/support/test-models.js';

const dir = scratchDir('cli-inspect-');

const cli = cliIn(dir);

const PARTIAL = ' ▏▎▍▌▋▊▉';

/** The op histogram: the 12 most used op types as eighth-block bars proportional to their counts. */
function expectOpBars(stdout: string, ops: { domain: string; opType: string; count: number }[]) {
  const shown = ops.slice(0, 12);
  const eighths = shown.map((o) => {
    const name = o.domain === 'ai.onnx' ? o.opType : `${o.domain}.${o.opType}`;
    const line = stdout.split('\n').find((l) => l.startsWith(`${name} `) && /[█▏▎▍▌▋▊▉]+ \d+$/.test(l));
    expect(line, name).toBeDefined();
    expect(line?.endsWith(` ${o.count}`)).toBe(true);
    const bar = line?.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '';
    return [...bar].reduce((sum, ch) => sum + (ch === '█' ? 8 : PARTIAL.indexOf(ch)), 0);
  });
  // The most used op fills the bar width; the others are proportional, at least one eighth.
  const width = (eighths[0] ?? 0) / 8;
  expect(Number.isInteger(width) && width > 0).toBe(true);
  shown.forEach((o, i) => {
    expect(eighths[i]).toBe(Math.max(1, Math.round((o.count / shown[0]!.count) * width * 8)));
  });
  if (ops.length > 12) expect(stdout).toContain(`… ${ops.length - 12} more op types, ${ops.slice(12).reduce((s, o) => s + o.count, 0)} nodes`);
}

describe('pipeline inspect', () => {
  const models = { ...ocrModels, silero: sileroModelPath() };
  for (const [label, path] of Object.entries(models)) {
    it(`${label}: --json prints a valid model-inspection; the summary names every input and output`, async () => {
      const json = await cli('inspect', path, '--json');
      expect(json.code).toBe(0);
      const inspection = modelInspectionSchema.parse(JSON.parse(json.stdout));
      const summary = await cli('inspect', path);
      expect(summary.code).toBe(0);
      for (const v of [...inspection.io.inputs, ...inspection.io.outputs]) expect(summary.stdout).toContain(v.name);
      expect(summary.stdout).toMatch(/TensorRT 10\.x: \d+ error/);
      expectOpBars(summary.stdout, inspection.graph.ops);
    });
  }

  it('a file that is not ONNX: exit 2, one line naming the file, no stack', async () => {
    writeFileSync(join(dir, 'notes.onnx'), 'hello');
    const { code, stderr } = await cli('inspect', 'notes.onnx');
    expect(code).toBe(2);
    expect(stderr).toContain('notes.onnx');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('usage errors exit 2', async () => {
    expect((await cli('inspect')).code).toBe(2);
    expect((await cli('inspect', ocrModels.cls, '--tensorrt', '7.0')).stderr).toMatch(/--tensorrt 7\.0/);
  });

  it('--fail-on error exits 1 when the lint finds a custom-domain op', async () => {
    const graph = createGraph({ inputs: [tensorValueInfo('x', 'float32', [1])], outputs: [tensorValueInfo('y', 'float32', [1])], nodes: [createNode('Plug', ['x'], ['y'], { domain: 'acme' })] });
    await writeModel(createModel(graph, { opsetImports: [{ domain: '', version: 17 }, { domain: 'acme', version: 1 }] }), join(dir, 'plug.onnx'));
    expect((await cli('inspect', 'plug.onnx')).code).toBe(0);
    const failed = await cli('inspect', 'plug.onnx', '--fail-on', 'error');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('TRT_CUSTOM_DOMAIN');
  });
});
