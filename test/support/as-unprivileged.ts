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
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `${imports}\n${script}`, ...args], { encoding: 'utf8', ...asNobody });
  if (child.stderr) throw new Error(`the unprivileged child failed: ${child.stderr}`);
  return child.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

/** Lets others into folders mkdtemp made (0700), so the unprivileged child can reach the files in them. */
export function openFolders(...dirs: string[]): void {
  for (const dir of dirs) chmodSync(dir, 0o755);
}
