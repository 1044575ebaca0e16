import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Runs an ES module's text in a child Node that cannot read files made unreadable with chmod 000:
 * root reads any file, so as root the child runs as nobody (uid/gid 65534); otherwise as this user.
 * `entries` are built package files (dist/*.js) the script imports as `ENTRY0`, `ENTRY1`, …; each of
 * the script's stdout lines is parsed as JSON. The folders on the paths it reads must be open to others
 * (`openFolders`).
 */
export function runUnprivileged(script: string, entries: string[], args: string[]): unknown[] {
  const imports = entries.map((entry, i) => `const ENTRY${i} = await import(${JSON.stringify(pathToFileURL(entry).href)});`).join('\n');
  const child = spawnUnprivileged(['--input-type=module', '-e', `${imports}\n${script}`, ...args]);
  if (child.stderr) throw new Error(`the unprivileged child failed: ${child.stderr}`);
  return child.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

/** Runs `node <args>` as nobody when this process is root (else as this user), in `cwd`; CI=true, so the CLI prints plain lines. */
export function spawnUnprivileged(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH, CI: 'true' }, timeout: 60_000, ...(cwd ? { cwd } : {}), ...asNobody });
}

/** Lets others into folders mkdtemp made (0700), so the unprivileged child can reach the files in them. */
export function openFolders(...dirs: string[]): void {
  for (const dir of dirs) chmodSync(dir, 0o755);
}
