import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folderWith } from './cli.js';

// An output that is (or holds) a symlink leaving the stage's output folder is refused: the store would
// otherwise keep a link to /etc/… and every later stage would read through it.
const pipeline = (command: string, output: string) => `stages:
  s:
    uses: exec
    with:
      command: [sh, -c, ${JSON.stringify(command)}]
      outputs: [${output}]
`;

function storedLinks(dir: string): string[] {
  const store = path.join(dir, '.pipeline/store');
  if (!existsSync(store)) return [];
  return readdirSync(store, { recursive: true, withFileTypes: true })
    .filter((e) => e.isSymbolicLink())
    .map((e) => e.name);
}

describe('symlinks in outputs', () => {
  it('a regular output file is stored; a symlink leaving the output folder is refused', () => {
    const plain = folderWith({ 'p.yaml': pipeline('echo x > out.txt', 'out.txt') });
    expect(cli(['run', 'p.yaml'], plain).code).toBe(0);
    for (const [command, output] of [
      ['ln -s /etc/hostname out.txt', 'out.txt'],
      ['ln -s ../../../../../../../../etc/hostname out.txt', 'out.txt'],
      ['echo x > real.txt && ln -s real.txt out.txt', 'out.txt'],
    ]) {
      const dir = folderWith({});
      writeFileSync(path.join(dir, 'p.yaml'), pipeline(command!, output!));
      const result = cli(['run', 'p.yaml', '--json'], dir);
      expect(result.code, command).toBe(3);
      const stage = (JSON.parse(result.stdout) as { stages: { error?: { code: string; message: string } }[] }).stages[0]!;
      expect(stage.error?.code).toBe('E_OUTPUT_SYMLINK');
      expect(storedLinks(dir)).toEqual([]);
    }
  });
});
