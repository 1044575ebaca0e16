import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './test-models.js';

export interface ServeProcess {
  url: string;
  stop(): Promise<void>;
}

/** `pipeline serve <repository> --port 0` (the built CLI) in its own process, as a deployment target. */
export async function startServeProcess(repository: string, readyModel: string): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.cjs'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`pipeline serve exited with ${code}: ${out}`)));
  });
  for (let i = 0; i < 100 && !(await fetch(`${url}/v2/models/${readyModel}/ready`).then((r) => r.ok).catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
