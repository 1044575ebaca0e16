import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig, writeModelConfig } from './config-text.js';
import { ModelConfigSchema } from './model-config.js';

const CONFIGS = join(import.meta.dirname, '../../../test/fixtures/recorded/triton/configs');
const files = readdirSync(CONFIGS).filter((f) => f.endsWith('.pbtxt'));

/** The text without `#` comments (none of these files has `#` inside a string). */
const uncommented = (text: string): string => text.replace(/#.*$/gm, '');

function countEntries(value: unknown, key: string): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countEntries(v, key), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (k === key && typeof v === 'string') n++;
    n += countEntries(v, key);
  }
  return n;
}
function countMapEntries(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countMapEntries(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (['input_map', 'output_map', 'parameters', 'inputs', 'priority_queue_policy'].includes(k) && !Array.isArray(v))
      n += Object.keys(v as object).length;
    n += countMapEntries(v);
  }
  return n;
}

describe('real Triton configs', () => {
  it('has the recorded configs to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  for (const file of files) {
    it(`${file}: read → write → read gives the same value`, () => {
      const text = readFileSync(join(CONFIGS, file), 'utf8');
      const first = parseModelConfig(text, file).config;
      const written = writeModelConfig(first);
      const second = parseModelConfig(written, 'written.pbtxt').config;
      expect(second).toEqual(first);
      // Canonical: writing again changes nothing.
      expect(writeModelConfig(second)).toBe(written);
    });

    it(`${file}: keeps every name, map entry and max_batch_size the text has`, () => {
      const text = uncommented(readFileSync(join(CONFIGS, file), 'utf8'));
      const { config } = parseModelConfig(text, file);
      const names = text.match(/\bname\s*:/g)?.length ?? 0;
      expect(countEntries(config, 'name')).toBe(names);
      expect(countMapEntries(config)).toBe(text.match(/\bkey\s*:/g)?.length ?? 0);
      const mbs = /max_batch_size\s*:\s*(-?\d+)/.exec(text);
      expect(config.max_batch_size).toBe(mbs ? Number(mbs[1]) : undefined);
    });
  }

  it('concatenates two `output [..]` blocks of one repeated field', () => {
    const text = readFileSync(join(CONFIGS, 'onnxruntime_text_detection_two_output_blocks.pbtxt'), 'utf8');
    const { config } = parseModelConfig(text);
    expect(config.output?.map((o) => o.name)).toEqual(
      [...uncommented(text).matchAll(/output \[\s*\{\s*name: "([^"]+)"/g)].map((m) => m[1]),
    );
  });

  it('reads the accelerator map<string,string> and the warm-up map of messages', () => {
    const text = readFileSync(join(CONFIGS, 'onnxruntime_tensorrt_accelerator_fp16_warmup.pbtxt'), 'utf8');
    const { config } = parseModelConfig(text);
    const accelerator = config.optimization?.execution_accelerators?.gpu_execution_accelerator?.[0];
    expect(accelerator?.parameters).toEqual({ precision_mode: 'FP16', max_workspace_size_bytes: '1073741824' });
    expect(config.model_warmup?.[0]?.inputs?.['input.1']?.dims).toEqual([1, 32, 100]);
    expect(config.model_transaction_policy).toBeUndefined();
  });
});

describe('the reader’s value is a ModelConfig', () => {
  for (const file of files) {
    it(`${file}: ModelConfigSchema accepts it unchanged`, () => {
      const { config } = parseModelConfig(readFileSync(join(CONFIGS, file), 'utf8'), file);
      expect(ModelConfigSchema.parse(config)).toEqual(config);
    });
  }
});
