import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLooseJson, parseTrtexecLayerInfo, parseTrtexecProfile, parseTrtexecTimes } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');

describe('--exportTimes', () => {
  it('reads every record of the TREx file', () => {
    const text = read('trex-resnet50-a100-fp16-exportTimes.json');
    const records = parseTrtexecTimes(text);
    const latencies = [...text.matchAll(/"latencyMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
    expect(records).toHaveLength(latencies.length);
    expect(records.map((r) => r.latencyMs)).toEqual(latencies);
    expect(records[0]?.startEnqMs).toBe(Number(/"startEnqMs" : ([^ ,}]+)/.exec(text)?.[1]));
  });
  it('reads older field names and the end-to-end field', () => {
    const [r] = parseTrtexecTimes('[ { "startInMs" : 1, "inMs" : 0.5, "outMs" : 0.25, "computeMs" : 2, "latencyMs" : 2.75, "endToEndMs" : 3 } ]');
    expect(r).toEqual({ startH2dMs: 1, h2dMs: 0.5, d2hMs: 0.25, computeMs: 2, latencyMs: 2.75, endToEndMs: 3 });
  });
  it('names the file in a syntax error', () => {
    expect(() => parseTrtexecTimes('[ { "latencyMs" : ', 'times.json')).toThrow(/times\.json/);
    expect(() => parseTrtexecTimes('{}', 'times.json')).toThrow(/array/);
  });
});

describe('--exportProfile', () => {
  it('reads the count and every layer of the TREx file', () => {
    const text = read('trex-resnet50-a100-fp16-exportProfile.json');
    const profile = parseTrtexecProfile(text);
    expect(profile.iterations).toBe(Number(/"count" : (\d+)/.exec(text)?.[1]));
    const names = [...text.matchAll(/"name" : "([^"]*)"/g)].map((m) => m[1]);
    expect(profile.layers.map((l) => l.name)).toEqual(names);
    const medians = [...text.matchAll(/"medianMs" : ([^ ,}]+)/g)].map((m) => Number(m[1]));
    expect(profile.layers.map((l) => l.medianMs)).toEqual(medians);
  });
  it('survives unescaped quotes in names, nan/inf and trailing commas; median may be missing', () => {
    const text = `[
  { "count" : 3 }
, { "name" : "Conv "stem" + Relu", "timeMs" : nan, "averageMs" : inf, "percentage" : -nan }
, { "name" : "C:\\models\\x", "timeMs" : 1.5e-2, "averageMs" : 0.005, "medianMs" : 0.005, "percentage" : 100, },
]`;
    const profile = parseTrtexecProfile(text);
    expect(profile.iterations).toBe(3);
    expect(profile.layers[0]?.name).toBe('Conv "stem" + Relu');
    expect(profile.layers[0]?.timeMs).toBeNaN();
    expect(profile.layers[0]?.averageMs).toBe(Number.POSITIVE_INFINITY);
    expect(profile.layers[0]?.medianMs).toBeUndefined();
    expect(profile.layers[1]?.name).toBe('C:\\models\\x');
    expect(profile.layers[1]?.timeMs).toBe(0.015);
  });
});

describe('--exportLayerInfo', () => {
  it('reads the 8.6 layer_names_only file', () => {
    const text = read('trt8.6.0-mnist-exportLayerInfo-layer_names_only.json');
    const info = parseTrtexecLayerInfo(text);
    expect(info.verbosity).toBe('layer_names_only');
    expect(info.layers.map((l) => l.name)).toEqual(JSON.parse(text).Layers);
    expect(info.bindings).toEqual(JSON.parse(text).Bindings);
  });
  it.each(['trt10.16-mnist-exportLayerInfo-detailed.json', 'trex-resnet50-a100-fp16-exportLayerInfo-detailed.json'])('reads the detailed file %s', (file) => {
    const text = read(file);
    const reference = JSON.parse(text) as { Layers: Record<string, unknown>[]; Bindings: string[] };
    const info = parseTrtexecLayerInfo(text);
    expect(info.verbosity).toBe('detailed');
    expect(info.layers.map((l) => [l.name, l.type, l.tacticValue, l.tacticName])).toEqual(reference.Layers.map((l) => [l.Name, l.LayerType, l.TacticValue, l.TacticName]));
    expect(info.layers.map((l) => l.inputs.length)).toEqual(reference.Layers.map((l) => (l.Inputs as unknown[]).length));
    expect(info.bindings).toEqual(reference.Bindings);
  });
  it('splits Metadata and tolerates a missing Location', () => {
    const info = parseTrtexecLayerInfo('{"Layers": [{"Name": "k", "LayerType": "kgen", "Inputs": [{"Name": "a", "Dimensions": [1,2], "Format/Datatype": "Float"}], "Outputs": [], "Metadata": "[ONNX Layer: a]\\u001e[ONNX Layer: b]"}], "Bindings": ["a"]}');
    expect(info.layers[0]?.metadata).toEqual(['[ONNX Layer: a]', '[ONNX Layer: b]']);
    expect(info.layers[0]?.inputs[0]).toEqual({ name: 'a', dimensions: [1, 2], format: 'Float' });
  });
});

describe('parseLooseJson', () => {
  it('reads what JSON.parse reads', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\"y\\u0041"], "b": {}}';
    expect(parseLooseJson(text)).toEqual(JSON.parse(text));
  });
  it('reports where it failed', () => {
    expect(() => parseLooseJson('{\n  "a": @\n}')).toThrow(/line 2, column 8/);
  });
});
