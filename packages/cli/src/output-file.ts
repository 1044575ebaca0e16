// Files the user names on the command line (--out, --junit, --html, --benchmark-report, schema
// --write): a path that cannot take the file is the user's mistake — one line naming the flag and the
// path, exit 2 — never a stack; and a failed write leaves nothing behind, not even its temporary.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError, UsageError } from '@pipeline/errors';
import { CliCode } from './codes.js';

/** Why a path cannot be written, by errno; anything else (a full disk, an I/O error) is not the user's path. */
const REASONS: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a part of its path is a file, not a folder',
  ENOENT: 'its folder does not exist and cannot be made',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
};

function unwritable(what: string, file: string, error: unknown): PipelineError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code];
  if (reason === undefined) return new PipelineError(CliCode.OutputWriteFailed, `${what} ${file}: the write failed (${code || (error as Error).message})`, { cause: error });
  return new UsageError(CliCode.OutputUnwritable, `${what} ${file}: cannot write there: ${reason} (${code})`, {
    hint: 'give a file path in a folder you can write to (missing folders are made)',
    cause: error,
  });
}

/**
 * Refuses, before any work, a target that can never be written: an existing folder, or a path under a
 * file; and one of the command's own `inputs` (a log, a run.json kept in git), which it would destroy. Commands that run for a while (`pipeline run --junit`) call it first, so the user learns of the
 * typo at once and not after the run.
 */
export async function checkOutputTarget(file: string, what: string, inputs: readonly string[] = []): Promise<void> {
  const existing = await stat(file).catch((error: NodeJS.ErrnoException) => error);
  if (!(existing instanceof Error)) {
    if (existing.isDirectory()) throw unwritable(what, file, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    // The same file under another spelling (./run.log, a link) is still the user's only copy of it.
    for (const input of inputs) {
      const read = await stat(input).catch(() => undefined);
      if (read && read.dev === existing.dev && read.ino === existing.ino) {
        throw new UsageError(CliCode.OutputIsInput, `${what} ${file} is ${input}, a file this command reads: writing it would overwrite it`, {
          hint: 'give another file name for the output',
        });
      }
    }
    return;
  }
  if (existing.code !== 'ENOENT') throw unwritable(what, file, existing);
}

/** Writes a text file the user named, whole or not at all (a temporary beside it, then a rename); missing folders are made; never over one of `inputs`. */
export async function writeOutputFile(file: string, text: string, what: string, inputs: readonly string[] = []): Promise<void> {
  await checkOutputTarget(file, what, inputs);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw unwritable(what, file, error);
  }
}
