import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cacheComponentsFor, cacheKeyOf, createExec, createProbeEnv } from '@pipeline/core';
import { plannedStage } from '@pipeline/core/testing';
import type { AnyStage } from '@pipeline/sdk';
import { benchmarkStage } from '@pipeline/stage-benchmark';
import { convertOnnxRuntimeStage } from '@pipeline/stage-convert-onnxruntime';
import { validateStage } from '@pipeline/stage-validate';
import { describe, expect, it } from 'vitest';

// Stages that run a model on onnxruntime-node put its version in their cache key, so upgrading it
// re-runs them instead of serving results the old runtime produced.

/** The installed version, read from the package's own package.json (as npm installed it). */
const installed = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'), 'utf8')) as { version: string }).version;
const probeEnv = createProbeEnv(createExec({ env: {}, signal: new AbortController().signal, mask: (t) => t, onLine: () => {} }), {});

describe.each([
  ['convert/onnxruntime', convertOnnxRuntimeStage],
  ['validate', validateStage],
  ['benchmark', benchmarkStage],
] as [string, AnyStage][])('%s', (_name, stage) => {
  it('probes onnxruntime, and its version is a component of the cache key', async () => {
    expect(stage.probe).toBeTypeOf('function');
    const tools = await stage.probe!(probeEnv);
    expect(tools.onnxruntime).toMatchObject({ found: true, version: installed });
    expect(tools.onnxruntime?.unlocks).toBeTruthy();

    const planned = plannedStage('s', stage);
    const inputs = { model: { digest: 'sha256:00' } };
    const components = cacheComponentsFor(planned, {}, inputs, tools);
    expect(components.probe).toEqual({ onnxruntime: installed });

    const upgraded = cacheComponentsFor(planned, {}, inputs, { onnxruntime: { found: true, version: '99.0.0' } });
    expect(cacheKeyOf(upgraded)).not.toBe(cacheKeyOf(components));
  });
});
