import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the case's own timeout killed it. */
  timedOut: boolean;
}

/** The built CLI, spawned with its own timeout (every robustness case has one), in CI mode. */
export function cli(args: readonly string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const timedOut = (result.error as { code?: string } | undefined)?.code === 'ETIMEDOUT';
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut };
}

/** A fresh folder holding `files` (name → content). */
export function folderWith(files: Record<string, string | Uint8Array>, prefix = 'robust-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A JavaScript stack frame line, as Node prints one: a user's mistake must never show one. */
export const STACK_FRAME = /^\s+at .+[(:]\d+:\d+\)?$/m;
