import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI (`tsc -b` first), as a shell pipeline runs it.
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/bin.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the CLI with `closed` ('stdout' or 'stderr') piped into a reader that has already gone — the
 * read end is closed before the process starts writing, as `| head -1` does once it has its line.
 */
function runWithClosedReader(args: string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; signal: string | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed].destroy();
    const open = closed === 'stdout' ? child.stderr : child.stdout;
    let other = '';
    open.on('data', (chunk: Buffer) => {
      other += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, other }));
  });
}

describe('bin: a reader that closes early', () => {
  it('`cache ls | head -1`: exits with the command’s code, no EPIPE stack on stderr', async () => {
    const { code, signal, other } = await runWithClosedReader(['cache', 'ls', '.'], 'stdout');
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(other).toBe('');
  });

  it('stderr closed: a usage error still exits 2, quietly', async () => {
    const { code, other } = await runWithClosedReader(['no-such-verb'], 'stderr');
    expect(code).toBe(2);
    expect(other).toBe('');
  });
});
