import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProbeEnv, StageRegistry } from '@pipeline/core';
import { defineStage, type Exec } from '@pipeline/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderDoctor, runProbes } from './doctor.js';

const bin = mkdtempSync(path.join(tmpdir(), 'doctor-bin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(path.join(bin, 'faketool'), '#!/bin/sh\necho "faketool version 4.5.6"\n');
chmodSync(path.join(bin, 'faketool'), 0o755);

const probing = defineStage({
  name: 'test/probing',
  version: 1,
  description: 'Needs two tools.',
  inputs: {},
  params: z.object({}),
  outputs: {},
  probe: async (env) => ({
    faketool: await env.findTool('faketool', { unlocks: 'fake builds' }),
    missingtool: await env.findTool('missingtool', { unlocks: 'nothing really' }),
  }),
  run: async () => ({ outputs: {} }),
});
const broken = defineStage({ ...probing, name: 'test/broken-probe', probe: async () => Promise.reject(new Error('probe exploded')) });

// The version comes from running the tool; this exec answers as the script above would.
const exec: Exec = async (file, args) => ({ command: `${file} ${args.join(' ')}`, file, args: [...args], exitCode: 0, signal: null, stdout: 'faketool version 4.5.6\n', stderr: '', durationMs: 1, timedOut: false });

describe('pipeline doctor', () => {
  it('finds tools on PATH, reads their version, and survives a failing probe', async () => {
    const registry = StageRegistry.fromPlugins([{ name: 'test', stages: [probing, broken] }]);
    const entries = await runProbes(registry, createProbeEnv(exec, { PATH: bin }));
    const probed = entries.find((e) => e.stage === 'test/probing');
    expect(probed?.tools.faketool).toMatchObject({ found: true, path: path.join(bin, 'faketool'), version: '4.5.6', unlocks: 'fake builds' });
    expect(probed?.tools.missingtool?.found).toBe(false);
    expect(entries.find((e) => e.stage === 'test/broken-probe')?.error).toBe('probe exploded');
    const text = renderDoctor(entries, 2);
    expect(text).toMatch(/^✓ faketool\s+4\.5\.6/m);
    expect(text).toMatch(/^✗ missingtool\s+not found/m);
    expect(text).toContain('probe exploded');
  });
});

describe('pipeline doctor: what it promises', () => {
  const names = ['trtexec', 'docker', 'perf_analyzer'];

  it('help texts promise only what the probes look for, naming no tool', async () => {
    const [{ commands }, { doctorCommand }] = await Promise.all([import('./index.js'), import('./doctor.js')]);
    const summary = commands.find((c) => c.name === 'doctor')?.summary ?? '';
    for (const text of [summary, doctorCommand.usage]) {
      expect(text).toContain('probe');
      for (const name of names) expect(text).not.toContain(name);
    }
  });

  it('lists the tools the probes returned and nothing else', async () => {
    const registry = StageRegistry.fromPlugins([{ name: 'test', stages: [probing] }]);
    const text = renderDoctor(await runProbes(registry, createProbeEnv(exec, { PATH: bin })), 1);
    const listed = [...text.matchAll(/^[✓✗] (\S+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(['faketool', 'missingtool']);
    for (const name of names) expect(text).not.toContain(name);
  });
});
