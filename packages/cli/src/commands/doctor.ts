import type { StageRegistry } from '@pipeline/core';
import { ExitCode } from '@pipeline/errors';
import type { ProbeEnv, ToolInfo } from '@pipeline/sdk';
import type { CliIO, Command } from '../io.js';
import { builtinRegistry } from '../load-pipeline.js';

/** One probe's findings: which stage asked, and what it found of each tool. */
export interface DoctorEntry {
  plugin: string;
  stage: string;
  tools: Record<string, ToolInfo>;
  /** Set when the probe itself threw. */
  error?: string;
}

/** Runs every installed stage's probe; a probe that throws is reported, never fatal. */
export async function runProbes(registry: StageRegistry, env: ProbeEnv): Promise<DoctorEntry[]> {
  const entries: DoctorEntry[] = [];
  for (const stage of registry.stages()) {
    if (!stage.probe) continue;
    const plugin = registry.pluginOf(stage.name)?.name ?? '?';
    try {
      entries.push({ plugin, stage: stage.name, tools: await stage.probe(env) });
    } catch (error) {
      entries.push({ plugin, stage: stage.name, tools: {}, error: (error as Error).message });
    }
  }
  return entries;
}

/**
 * `pipeline doctor`: the external tools the installed stages' probes look for — found or not, version,
 * what they unlock. Only what a probe asks about: no list of tools the product may need one day.
 */
export const doctorCommand: Command = {
  name: 'doctor',
  usage: [
    'pipeline doctor [--json]',
    '',
    'Runs each installed stage’s probe and lists the tools those probes look for: found or not, version,',
    'path, what they unlock, and which stages use them. A tool no installed stage probes is not listed.',
    '  --json  print the findings as JSON',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const [registry, env] = await Promise.all([builtinRegistry(), probeEnvFor(io)]);
    const entries = await runProbes(registry, env);
    if (values.json === true) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else io.stdout.write(renderDoctor(entries, registry.stages().length));
    return ExitCode.Success;
  },
};

async function probeEnvFor(io: CliIO): Promise<ProbeEnv> {
  const { createExec, createProbeEnv } = await import('@pipeline/core');
  const env = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  const exec = createExec({ env, signal: io.signal, mask: (text) => text, onLine: () => {} });
  return createProbeEnv(exec, io.env);
}

/** Findings grouped by tool: a tool several stages probe is shown once, with the stages that need it. */
export function renderDoctor(entries: readonly DoctorEntry[], stageCount: number): string {
  const tools = new Map<string, { info: ToolInfo; stages: string[] }>();
  const lines: string[] = [];
  for (const entry of entries) {
    if (entry.error) lines.push(`✗ probe of ${entry.stage} failed: ${entry.error}`);
    for (const [name, info] of Object.entries(entry.tools)) {
      const known = tools.get(name) ?? { info, stages: [] };
      known.stages.push(entry.stage);
      tools.set(name, known);
    }
  }
  if (!tools.size && !lines.length) return `${stageCount} stage${stageCount === 1 ? '' : 's'} installed; none needs an external tool.\n`;
  const width = Math.max(...[...tools.keys()].map((n) => n.length));
  for (const [name, { info, stages }] of [...tools].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const status = info.found ? `✓ ${name.padEnd(width)}  ${info.version ?? 'version unknown'}  ${info.path ?? ''}` : `✗ ${name.padEnd(width)}  not found`;
    lines.push(status.trimEnd());
    if (info.unlocks) lines.push(`    unlocks: ${info.unlocks}`);
    lines.push(`    used by: ${stages.join(', ')}`);
    if (info.detail) lines.push(`    ${info.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
