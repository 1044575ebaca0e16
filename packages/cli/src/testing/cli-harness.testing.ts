import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { CliIO } from '../io.js';
import { main } from '../main.js';

/** What one in-process `pipeline` command wrote, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pipeline <argv>` in-process (Vitest style) in `cwd`, capturing stdout and stderr. Neither
 * stream is a terminal, so `run` prints its plain lines; `env` is all the command sees.
 */
export async function runCli(argv: readonly string[], { cwd, env = {} }: { cwd: string; env?: CliIO['env'] }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    env,
    stdout: {
      write: (t: string) => {
        stdout += t;
      },
      isTTY: false,
    },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
      isTTY: false,
    },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

/** `runCli` bound to one folder and environment, for a test file whose commands all run there. */
export function cliIn(cwd: string, env: CliIO['env'] = {}): (...argv: string[]) => Promise<CliResult> {
  return (...argv) => runCli(argv, { cwd, env });
}

/** A fresh temporary folder, removed after the test file's tests. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
