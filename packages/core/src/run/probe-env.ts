import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Exec, FindToolOptions, ProbeEnv, ToolInfo } from '@pipeline/sdk';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The default `ProbeEnv`: finds a tool on `PATH` (or its candidates) and reads its version from
 * `<tool> --version`. A tool that is found but whose version cannot be read is still found.
 */
export function createProbeEnv(exec: Exec, env: Readonly<Record<string, string | undefined>>): ProbeEnv {
  return {
    exec,
    env,
    async findTool(name: string, options: FindToolOptions = {}): Promise<ToolInfo> {
      const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
      const candidates = [...(options.candidates ?? []), ...(name.includes('/') ? [name] : dirs.map((d) => join(d, name)))];
      let path: string | undefined;
      for (const candidate of candidates) {
        if (await isExecutable(candidate)) {
          path = candidate;
          break;
        }
      }
      const unlocks = options.unlocks === undefined ? {} : { unlocks: options.unlocks };
      if (!path) return { found: false, ...unlocks, detail: `${name} is not on PATH` };
      const info: ToolInfo = { found: true, path, ...unlocks };
      try {
        const result = await exec(path, options.versionArgs ?? ['--version'], { timeoutMs: 10_000, reject: false });
        const match = (options.versionPattern ?? /(\d+(?:\.\d+)+)/).exec(`${result.stdout}\n${result.stderr}`);
        if (match?.[1]) info.version = match[1];
      } catch {
        info.detail = `${name} was found but \`${name} ${(options.versionArgs ?? ['--version']).join(' ')}\` failed`;
      }
      return info;
    },
  };
}
