import { describe, expect, it } from 'vitest';
import { parseModelConfig, writeModelConfig } from '../config-text.js';
import { TextFormatError } from './tokenizer.js';

function failure(text: string): TextFormatError {
  try {
    parseModelConfig(text, 'm/config.pbtxt');
  } catch (error) {
    if (error instanceof TextFormatError) return error;
    throw error;
  }
  throw new Error('expected the text to be refused');
}

describe('text format reader', () => {
  it('reads comments, optional colons, <> delimiters and `,`/`;` separators', () => {
    const { config } = parseModelConfig(
      '# header\nname: "a"; max_batch_size : 2,\ninput < name: "x" data_type: TYPE_FP32 dims: 3 >\n' +
        'dynamic_batching: { } # trailing\n',
    );
    expect(config).toEqual({
      name: 'a',
      max_batch_size: 2,
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [3] }],
      dynamic_batching: {},
    });
  });

  it('reads a repeated scalar as a list, as lines, and as both', () => {
    const asList = parseModelConfig('input { dims: [1, 2, 3] }').config;
    const asLines = parseModelConfig('input { dims: 1 dims: 2 dims: 3 }').config;
    const mixed = parseModelConfig('input { dims: [1] dims: 2 dims: [3] }').config;
    expect(asLines).toEqual(asList);
    expect(mixed).toEqual(asList);
    expect(asList.input?.[0]?.dims).toEqual([1, 2, 3]);
  });

  it('reads every boolean spelling protobuf accepts, and enums by number', () => {
    for (const [spelling, value] of [
      ['true', true],
      ['True', true],
      ['t', true],
      ['1', true],
      ['false', false],
      ['False', false],
      ['f', false],
      ['0', false],
    ] as const) {
      expect(parseModelConfig(`response_cache { enable: ${spelling} }`).config.response_cache?.enable).toBe(value);
    }
    expect(parseModelConfig('input { data_type: 11 }').config.input?.[0]?.data_type).toBe('TYPE_FP32');
  });

  it('decodes string escapes and concatenates adjacent strings; the writer escapes them back', () => {
    const { config } = parseModelConfig(String.raw`name: "a\"b\\c\n" 'd\'e' "\303\251\x41\u00e9"`);
    expect(config.name).toBe('a"b\\c\nd\'eéAé');
    expect(parseModelConfig(writeModelConfig(config)).config.name).toBe(config.name);
  });

  it('reads both map syntaxes: map<string, ModelParameter> and map<string, string>', () => {
    const { config } = parseModelConfig(
      'parameters { key: "k" value: { string_value: "v" } }\n' +
        'optimization { execution_accelerators { gpu_execution_accelerator: [ { name: "tensorrt" parameters { key: "precision_mode" value: "FP16" } } ] } }',
    );
    expect(config.parameters).toEqual({ k: { string_value: 'v' } });
    expect(config.optimization?.execution_accelerators?.gpu_execution_accelerator?.[0]?.parameters).toEqual({
      precision_mode: 'FP16',
    });
  });

  it('keeps fields of the proto that the typed schema does not name', () => {
    const text = 'name: "m"\nruntime: "libx.so"\nmodel_operations {\n  op_library_filename: [ "libop.so" ]\n}\n';
    const { config } = parseModelConfig(text);
    expect(config).toMatchObject({ runtime: 'libx.so', model_operations: { op_library_filename: ['libop.so'] } });
    expect(writeModelConfig(config)).toBe(text);
  });

  it('records where every field and element sits', () => {
    const { locations } = parseModelConfig('name: "m"\ninput [\n  { name: "x" dims: [ 4, 0 ] }\n]\n');
    expect(locations.locate(['input', 0, 'dims', 1])).toEqual({ line: 3, column: 26 });
    expect(locations.locate(['input', 0, 'name'])).toEqual({ line: 3, column: 5 });
  });
});

describe('text format reader refuses what Triton refuses, with protobuf reason and file:line:col', () => {
  it('a field model_config.proto does not have', () => {
    expect(parseModelConfig('input { name: "x" }').config.input).toHaveLength(1);
    const error = failure('input {\n  name: "x"\n  shape: [1]\n}');
    expect(error.reason).toBe('Message type "inference.ModelInput" has no field named "shape".');
    expect(error.loc).toEqual({ file: 'm/config.pbtxt', line: 3, column: 3 });
    expect(error.message).toBe(`m/config.pbtxt:3:3: ${error.reason}`);
  });

  it('an unrendered template', () => {
    expect(parseModelConfig('max_batch_size: 8').config.max_batch_size).toBe(8);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unrendered template is the input under test
    const error = failure('name: "m"\nmax_batch_size: ${MBS}');
    expect(error.reason).toBe('Expected integer, got: $');
    expect(error.loc).toMatchObject({ line: 2, column: 17 });
  });

  it('a scalar without its colon', () => {
    expect(failure('max_batch_size 8').reason).toBe('Expected ":", found "8".');
  });

  it('a non-repeated field given twice, and two members of one oneof', () => {
    expect(failure('name: "a" name: "b"').reason).toBe('Non-repeated field "name" is specified multiple times.');
    expect(failure('dynamic_batching { } sequence_batching { }').reason).toBe(
      'Field "sequence_batching" is specified along with field "dynamic_batching", another member of oneof "scheduling_choice".',
    );
  });

  it('an unknown enum value, a bad boolean, an out-of-range integer, an unclosed block', () => {
    expect(failure('input { data_type: TYPE_FLOAT }').reason).toBe(
      'Unknown enumeration value of "TYPE_FLOAT" for field "data_type".',
    );
    expect(failure('response_cache { enable: yes }').reason).toBe('Invalid value for boolean field "enable". Value: "yes".');
    expect(failure('max_batch_size: 4294967296').reason).toBe('Integer out of range (4294967296)');
    expect(failure('input { name: "x"').reason).toBe('Expected "}", found end of file.');
  });
});

describe('text format writer', () => {
  it('refuses a field the proto does not have, with protobuf reason', () => {
    expect(writeModelConfig({ name: 'm', input: [{ name: 'x', dims: [1] }] })).toContain('dims: [ 1 ]');
    expect(() => writeModelConfig({ name: 'm', input: [{ name: 'x', dims: [1], shape: [1] }] } as never)).toThrow(
      'Message type "inference.ModelInput" has no field named "shape".',
    );
  });
});
