// Triton's own negative cases (server qa/L0_model_config/noautofill_platform). Triton's harness
// deletes any `platform:` line, appends `platform: "<trial>"` for each trial platform, starts the
// server on a machine with GPU 0 visible, and passes when the log has any `expected*` text. Here the
// same edit is made and the first problem we report must carry one of those texts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../config-text.js';
import { validateModelConfig } from './validate-config.js';

const CASES = join(import.meta.dirname, '../../../../test/fixtures/recorded/triton/config-validation/noautofill_platform');
const TRIALS = ['tensorflow_savedmodel', 'tensorflow_graphdef', 'tensorrt_plan', 'onnxruntime_onnx', 'pytorch_libtorch'];

/** grep's basic regular expression → a JS one: `\[` stays literal, `( ) { } + ? |` are literal in BRE. */
function fromBasicRegex(bre: string): RegExp {
  return new RegExp(bre.replace(/\\?([(){}+?|])/g, (m, c: string) => (m.startsWith('\\') ? c : `\\${c}`)));
}

const cases = readdirSync(CASES).filter((d) => existsSync(join(CASES, d, 'config.pbtxt')));

describe("Triton's noautofill_platform cases", () => {
  it('are all here', () => {
    expect(cases.length).toBe(58);
  });

  for (const name of cases) {
    const dir = join(CASES, name);
    const expected = readdirSync(dir)
      .filter((f) => f.startsWith('expected'))
      .map((f) => fromBasicRegex(readFileSync(join(dir, f), 'utf8').trim()));
    const original = readFileSync(join(dir, 'config.pbtxt'), 'utf8');
    it(`${name}: refused with Triton's reason on every trial platform`, () => {
      for (const trial of TRIALS) {
        const text = `${original.replace(/^.*platform:.*$/gm, '')}\nplatform: "${trial}"\n`;
        const { config, locations } = parseModelConfig(text, `${name}/config.pbtxt`);
        const result = validateModelConfig(config, { modelName: name, gpus: [0], locations, file: `${name}/config.pbtxt` });
        const first = result.problems[0];
        expect(first, `${trial}: no problem found`).toBeDefined();
        expect(
          expected.some((re) => re.test(first?.message ?? '')),
          `${trial}: "${first?.message}" matches none of ${expected.join(' | ')}`,
        ).toBe(true);
        expect(result.diagnostics[0]?.loc?.file).toBe(`${name}/config.pbtxt`);
      }
    });
  }
});
