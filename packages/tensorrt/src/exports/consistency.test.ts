import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTrtexecReport, checkTrtexecExports, parseTrtexecLayerInfo, parseTrtexecLog, parseTrtexecProfile, parseTrtexecTimes } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');
const codes = (ws: { code: string; file: string }[]) => ws.map((w) => `${w.file}:${w.code}`).sort();

const SKIP_INFERENCE_LOG = 'trt10.16-mnist-skipInference-profilingVerbosity-detailed-dumpLayerInfo-success.log';

describe('the log parser reads the --dumpLayerInfo block', () => {
  it('layer names and bindings as printed', () => {
    const text = read(SKIP_INFERENCE_LOG);
    const run = parseTrtexecLog(text);
    expect(run.layerInfo?.layers).toEqual([...text.matchAll(/^Name: (.*?), LayerType: /gm)].map((m) => m[1]));
    const bindings = /^Bindings:\n((?:\w+\n)+)/m.exec(text)?.[1]?.trim().split('\n');
    expect(run.layerInfo?.bindings).toEqual(bindings);
  });
});

describe('checkTrtexecExports: a matched pair raises nothing', () => {
  it('result-04 log with the --exportLayerInfo file it wrote (PROVENANCE: same run)', () => {
    const run = parseTrtexecLog(read(SKIP_INFERENCE_LOG));
    const layerInfo = parseTrtexecLayerInfo(read('trt10.16-mnist-exportLayerInfo-detailed.json'));
    expect(checkTrtexecExports(run, { layerInfo })).toEqual([]);
  });
  it('the TREx profile and layer info of one engine agree with each other', () => {
    const profile = parseTrtexecProfile(read('trex-resnet50-a100-fp16-exportProfile.json'));
    const layerInfo = parseTrtexecLayerInfo(read('trex-resnet50-a100-fp16-exportLayerInfo-detailed.json'));
    expect(checkTrtexecExports(parseTrtexecLog(''), { profile, layerInfo })).toEqual([]);
  });
});

describe('checkTrtexecExports: files from another run are flagged', () => {
  it('the MNIST --dumpProfile log with the TREx ResNet-50 --exportProfile file', () => {
    const text = read('trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log');
    const profileText = read('trex-resnet50-a100-fp16-exportProfile.json');
    const warnings = checkTrtexecExports(parseTrtexecLog(text), { profile: parseTrtexecProfile(profileText) });
    // The log asked for --exportProfile, so only the content can tell: other layers, other iteration count.
    expect(/--exportProfile=/.test(text)).toBe(true);
    expect(codes(warnings)).toEqual(['profile:W_EXPORT_LAYER_NAMES', 'profile:W_EXPORT_PROFILE_ITERATIONS']);
    const fileLayers = [...profileText.matchAll(/"name" : "([^"]*)"/g)].length;
    expect(warnings[0]?.message).toContain(`${fileLayers} of ${fileLayers} layer(s)`);
    expect(warnings[1]?.message).toContain(`the log's profile ${/=== Profile \((\d+) iterations/.exec(text)?.[1]}`);
  });
  it('the default MNIST benchmark log with the TREx times and layer info, carried by the report', () => {
    const text = read('trt10.16-mnist-onnx-build-and-benchmark-default-success.log');
    const timesText = read('trex-resnet50-a100-fp16-exportTimes.json');
    const report = buildTrtexecReport({
      run: parseTrtexecLog(text),
      sources: { log: 'run.log', times: 't.json', layers: 'l.json' },
      times: parseTrtexecTimes(timesText),
      layerInfo: parseTrtexecLayerInfo(read('trex-resnet50-a100-fp16-exportLayerInfo-detailed.json')),
    });
    expect(codes(report.exportWarnings ?? [])).toEqual(['layers:W_EXPORT_BINDINGS', 'layers:W_EXPORT_NOT_REQUESTED', 'times:W_EXPORT_NOT_REQUESTED', 'times:W_EXPORT_TIMES_COUNT']);
    const timed = /Timing trace has (\d+) queries/.exec(text)?.[1];
    const records = [...timesText.matchAll(/"latencyMs"/g)].length;
    expect(report.exportWarnings?.find((w) => w.code === 'W_EXPORT_TIMES_COUNT')?.message).toBe(`the file has ${records} timed iteration(s), the log's timing trace ${timed}`);
  });
  it('a --exportTimes file for a run that printed no summary (profiler caveat) cannot be its own', () => {
    const run = parseTrtexecLog(read('trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log'));
    const warnings = checkTrtexecExports(run, { times: [{ latencyMs: 1 }] });
    expect(codes(warnings)).toEqual(['times:W_EXPORT_TIMES_NOT_WRITTEN']);
  });
  it('a binding shape that differs from the log', () => {
    const run = parseTrtexecLog(read('trt10.16-mnist-loadEngine-loadInputs-dumpOutput-success.log'));
    const layerInfo = parseTrtexecLayerInfo(read('trt10.16-mnist-exportLayerInfo-detailed.json'));
    const x = layerInfo.layers[0]?.inputs[0];
    if (x?.dimensions) x.dimensions = [4, 1, 28, 28];
    expect(codes(checkTrtexecExports(run, { layerInfo }))).toContain('layers:W_EXPORT_BINDING_SHAPE');
  });
  it('no export file, no exportWarnings field', () => {
    const report = buildTrtexecReport({ run: parseTrtexecLog(read(SKIP_INFERENCE_LOG)), sources: { log: 'run.log' } });
    expect(report.exportWarnings).toBeUndefined();
  });
});
