import type { StageDescription } from '@pipeline/core';
import { ExitCode } from '@pipeline/errors';
import type { Command } from '../io.js';
import { builtinRegistry } from '../load-pipeline.js';

/** `pipeline stages`: the installed stages with their inputs, params (types, defaults) and outputs. */
export const stagesCommand: Command = {
  name: 'stages',
  usage: ['pipeline stages [--json]', '', 'What each `uses:` name takes under `with:` and what it produces.', '  --json  print the list as JSON'].join('\n'),
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const [{ describeStages }, registry] = await Promise.all([import('@pipeline/core'), builtinRegistry()]);
    const stages = describeStages(registry);
    if (values.json === true) io.stdout.write(`${JSON.stringify(stages, null, 2)}\n`);
    else io.stdout.write(renderStages(stages));
    return ExitCode.Success;
  },
};

function renderStages(stages: readonly StageDescription[]): string {
  if (!stages.length) return 'No stages installed.\n';
  const lines: string[] = [];
  for (const s of stages) {
    lines.push(`${s.name} v${s.version}${s.plugin ? `  (${s.plugin})` : ''}${s.cacheable ? '' : '  [not cached]'}`);
    if (s.description) lines.push(`  ${s.description}`);
    for (const i of s.inputs) {
      const notes = [i.optional ? 'optional' : '', i.many ? 'many' : '', i.refuse.length ? `refuses ${i.refuse.join(', ')}` : ''].filter(Boolean);
      lines.push(`  in   ${i.name}: ${i.kind}${notes.length ? ` (${notes.join('; ')})` : ''}${i.description ? ` — ${i.description}` : ''}`);
    }
    for (const p of s.params) {
      const fallback = p.default === undefined ? (p.required ? ' (required)' : '') : ` = ${JSON.stringify(p.default)}`;
      lines.push(`  with ${p.name}: ${p.type}${fallback}${p.description ? ` — ${p.description}` : ''}`);
    }
    for (const o of s.outputs) lines.push(`  out  ${o.name}: ${o.kind}${o.optional ? ' (optional)' : ''}${o.description ? ` — ${o.description}` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}
