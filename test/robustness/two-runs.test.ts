import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, folderWith } from './cli.js';
import { waitFor } from './processes.js';

// Two runs on one workspace: the second fails at once (exit 2, E_WORKSPACE_LOCKED) and the first
// completes untouched; after it, a run takes the workspace again.
const slow = (marker: string) => `stages:
  slow:
    uses: exec
    cache: false
    with:
      command: [node, -e, "require('fs').writeFileSync('${marker}', ''); setTimeout(() => console.log('done'), 1500)"]
      stdout: out.txt
`;

describe('two runs on one workspace', () => {
  it('the second is refused at once, the first completes, a third runs afterwards', async () => {
    const dir = folderWith({});
    const marker = path.join(dir, 'started');
    writeFileSync(path.join(dir, 'p.yaml'), slow(marker));
    const first = spawn(process.execPath, [bin, 'run', 'p.yaml'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    expect(await waitFor(() => existsSync(marker), 20_000)).toBe(true);
    const started = performance.now();
    const second = cli(['run', 'p.yaml'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('E_WORKSPACE_LOCKED');
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(await firstExit).toBe(0);
    expect(cli(['run', 'p.yaml'], dir).code).toBe(0);
  }, 60_000);
});
