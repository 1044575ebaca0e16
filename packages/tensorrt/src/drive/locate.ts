import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where trtexec lives inside NGC's TensorRT and Triton images. */
export const CONTAINER_TRTEXEC_PATH = '/usr/src/tensorrt/bin/trtexec';

export type TrtexecRunnerChoice = 'local' | 'docker' | 'auto';

/** A trtexec that can be started: a local binary, or the one inside a container image. */
export type TrtexecLocation =
  | { runner: 'local'; path: string; from: 'trtexec_path' | 'TRTEXEC' | 'PATH' }
  | { runner: 'docker'; docker: string; image: string; gpus: string; user?: string };

export interface LocateTrtexecOptions {
  runner: TrtexecRunnerChoice;
  /** The stage's `trtexec_path` param; tried first. */
  trtexecPath?: string;
  /** The container image for `runner: docker` (`nvcr.io/nvidia/tensorrt:24.05-py3`). */
  image?: string;
  /** `--gpus` value; default `all`. */
  gpus?: string;
  /** `uid:gid` to run the container as, so files it writes belong to the user; default this process's. */
  user?: string;
  /** PATH, TRTEXEC and TRTEXEC_IMAGE are read here, else from this process's environment. */
  env: Readonly<Record<string, string | undefined>>;
  isExecutable(path: string): Promise<boolean>;
}

const LOCATE_VARIABLES = ['PATH', 'TRTEXEC', 'TRTEXEC_IMAGE'] as const;

// A stage's `env` holds only the pipeline's `env:`; the process's PATH (and the two variables users
// set in their shell) still decide where trtexec is, the same way the probe sees them.
function withProcessEnv(env: LocateTrtexecOptions['env']): LocateTrtexecOptions['env'] {
  const merged: Record<string, string | undefined> = { ...env };
  for (const name of LOCATE_VARIABLES) merged[name] ??= process.env[name];
  return merged;
}

export type LocateTrtexecResult = { found: true; location: TrtexecLocation } | { found: false; reason: string };

/** True for a file this process may execute (the default `isExecutable`). */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `uid:gid` of this process, so a container writes files the user owns; undefined where there is none (Windows). */
export function currentUser(): string | undefined {
  return typeof process.getuid === 'function' && typeof process.getgid === 'function' ? `${process.getuid()}:${process.getgid()}` : undefined;
}

/** The message the stage ends with when no trtexec can be used. */
export const TRTEXEC_NOT_FOUND = 'trtexec not found: install TensorRT, set trtexec_path, or use runner: docker with an image';

async function onPath(name: string, env: LocateTrtexecOptions['env'], isExecutable: LocateTrtexecOptions['isExecutable']): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function locateLocal(options: LocateTrtexecOptions): Promise<LocateTrtexecResult> {
  if (options.trtexecPath !== undefined) {
    // An explicit path that is not there is the user's mistake: never fall back silently past it.
    if (await options.isExecutable(options.trtexecPath)) return { found: true, location: { runner: 'local', path: options.trtexecPath, from: 'trtexec_path' } };
    return { found: false, reason: `trtexec_path ${options.trtexecPath} is not an executable file` };
  }
  const fromEnv = options.env.TRTEXEC;
  if (fromEnv) {
    if (await options.isExecutable(fromEnv)) return { found: true, location: { runner: 'local', path: fromEnv, from: 'TRTEXEC' } };
    return { found: false, reason: `TRTEXEC=${fromEnv} is not an executable file` };
  }
  const path = await onPath('trtexec', options.env, options.isExecutable);
  return path ? { found: true, location: { runner: 'local', path, from: 'PATH' } } : { found: false, reason: 'trtexec is not on PATH (nor set by trtexec_path or TRTEXEC)' };
}

async function locateDocker(options: LocateTrtexecOptions): Promise<LocateTrtexecResult> {
  const image = options.image ?? options.env.TRTEXEC_IMAGE;
  if (!image) return { found: false, reason: 'runner: docker needs an image (image: nvcr.io/nvidia/tensorrt:YY.MM-py3, or TRTEXEC_IMAGE)' };
  const docker = await onPath('docker', options.env, options.isExecutable);
  if (!docker) return { found: false, reason: 'docker is not on PATH' };
  const location: TrtexecLocation = { runner: 'docker', docker, image, gpus: options.gpus ?? 'all' };
  const user = options.user ?? currentUser();
  if (user !== undefined) location.user = user;
  return { found: true, location };
}

/** Finds trtexec: `local` (trtexec_path, TRTEXEC, PATH), `docker` (an NGC image), `auto` = local, then docker. */
export async function locateTrtexec(given: LocateTrtexecOptions): Promise<LocateTrtexecResult> {
  const options = { ...given, env: withProcessEnv(given.env) };
  if (options.runner === 'local') return locateLocal(options);
  if (options.runner === 'docker') return locateDocker(options);
  const local = await locateLocal(options);
  if (local.found || options.trtexecPath !== undefined) return local;
  const docker = await locateDocker(options);
  return docker.found ? docker : { found: false, reason: `${local.reason}; ${docker.reason}` };
}

/**
 * The process to start for one trtexec call. In a container, every host path trtexec reads or writes
 * is bind-mounted at the same path, so argv needs no rewriting and a repro command reads the same.
 */
export function trtexecProcess(location: TrtexecLocation, args: readonly string[], mounts: readonly string[] = [], workDir?: string): { file: string; args: string[] } {
  if (location.runner === 'local') return { file: location.path, args: [...args] };
  const volumes = [...new Set(workDir === undefined ? mounts : [...mounts, workDir])].sort().flatMap((dir) => ['-v', `${dir}:${dir}`]);
  const user = location.user === undefined ? [] : ['--user', location.user];
  const cwd = workDir === undefined ? [] : ['-w', workDir];
  return { file: location.docker, args: ['run', '--rm', `--gpus=${location.gpus}`, ...user, ...volumes, ...cwd, location.image, CONTAINER_TRTEXEC_PATH, ...args] };
}

/** One shell line to run the same thing by hand (POSIX single quotes where needed). */
export function formatReproCommand(file: string, args: readonly string[]): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  return [file, ...args].map(quote).join(' ');
}
