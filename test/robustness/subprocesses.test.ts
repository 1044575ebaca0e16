import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folderWith, repoRoot } from './cli.js';
import { isRunning, waitFor } from './processes.js';

// Stand-in tools that hang, crash, flood their output or ignore SIGTERM: the stage times out or fails,
// the whole tree is killed (SIGTERM, then SIGKILL after the grace period), nothing survives, and the
// error says which.
const standIn = path.join(repoRoot, 'test/stand-ins/misbehaving-tool-stand-in.mjs');
const pipeline = (mode: string, pidFile: string) => `stages:
  tool:
    uses: exec
    timeout: 1.5s
    with:
      command: [node, ${JSON.stringify(standIn)}, ${mode}, ${JSON.stringify(pidFile)}]
      stdout: out.txt
`;

const cases = [
  { mode: 'hang', code: 'E_STAGE_TIMEOUT', says: /timed out/ },
  { mode: 'ignore-term', code: 'E_STAGE_TIMEOUT', says: /timed out/ },
  { mode: 'flood', code: 'E_STAGE_TIMEOUT', says: /timed out/ },
  { mode: 'crash', code: 'E_EXEC_FAILED', says: /SIGABRT/ },
];

describe('misbehaving tools', () => {
  for (const c of cases) {
    it(`${c.mode}: exit 3, ${c.code}, the error says why, no process left`, async () => {
      const dir = folderWith({});
      const pidFile = path.join(dir, 'pids');
      writeFileSync(path.join(dir, 'p.yaml'), pipeline(c.mode, pidFile));
      const result = cli(['run', 'p.yaml', '--json'], dir, { timeoutMs: 30_000 });
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(3);
      const stage = (JSON.parse(result.stdout) as { stages: { error?: { code: string; message: string } }[] }).stages[0]!;
      expect(stage.error?.code).toBe(c.code);
      expect(stage.error?.message).toMatch(c.says);
      if (existsSync(pidFile)) {
        const pids = readFileSync(pidFile, 'utf8').split(' ').filter((p) => p !== '-').map(Number);
        expect(await waitFor(() => !pids.some(isRunning), 3000)).toBe(true);
      }
    }, 60_000);
  }
});
