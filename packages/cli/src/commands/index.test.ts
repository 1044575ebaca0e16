import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-harness.testing.js';
import { commands } from './index.js';

describe('command entries', () => {
  it('load the command of their own name, with usage text', async () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.usage).toContain(`pipeline ${entry.name}`);
    }
  });

  it('are listed in the order users meet them', () => {
    expect(commands.map((c) => c.name)).toEqual(['run', 'report', 'compare', 'check', 'plan', 'explain', 'stages', 'schema', 'doctor', 'cache', 'inspect', 'check-repo', 'import', 'serve']);
  });

  it('list every verb with its summary in `pipeline --help`, in that order', async () => {
    const { code, stdout } = await runCli(['--help'], { cwd: process.cwd() });
    expect(code).toBe(0);
    for (const entry of commands) expect(stdout).toMatch(new RegExp(`^  ${entry.name} +${entry.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const listed = [...stdout.matchAll(/^ {2}([\w-]+) {2,}/gm)].map((m) => m[1]);
    expect(listed).toEqual(commands.map((c) => c.name));
  });
});
