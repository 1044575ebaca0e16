import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SETPRIV = '/usr/bin/setpriv';

/**
 * Runs `node <args>` so that it cannot read files made unreadable with chmod 000 (nor write folders
 * made read-only): root reads and writes anything, so as root the child runs without the capabilities
 * that let it (util-linux's setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: still uid 0, so a
 * clone under a 0700 /root stays readable), or as nobody (uid/gid 65534) where setpriv is missing or
 * cannot shrink the bounding set; otherwise as this user. `env` replaces the environment when given.
 */
export function spawnUnprivileged(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const common = { encoding: 'utf8' as const, timeout: 60_000, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) };
  const root = process.getuid?.() === 0;
  const child = root && existsSync(SETPRIV) ? spawnSync(SETPRIV, ['--bounding-set', '-dac_override,-dac_read_search', '--', process.execPath, ...args], common) : undefined;
  // A container without CAP_SETPCAP cannot shrink the bounding set: setpriv itself fails, and nobody is tried.
  if (child !== undefined && !child.stderr.startsWith('setpriv:')) return child;
  return spawnSync(process.execPath, args, { ...common, ...(root ? { uid: 65534, gid: 65534 } : {}) });
}

/**
 * Runs an ES module's text in an unprivileged child Node (`spawnUnprivileged`). `entries` are built
 * package files (dist/*.js) the script imports as `ENTRY0`, `ENTRY1`, …; each of the script's stdout
 * lines is parsed as JSON. The folders on the paths it reads must be open to others (`openFolders`).
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

/** Lets others into folders mkdtemp made (0700), so a child running as nobody can reach the files in them. */
export function openFolders(...dirs: string[]): void {
  for (const dir of dirs) chmodSync(dir, 0o755);
}
