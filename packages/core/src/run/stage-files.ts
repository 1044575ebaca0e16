import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { StageFailedError } from '@pipeline/errors';
import type { Artifact, StageFiles } from '@pipeline/sdk';
import type { PassThroughLinks } from './pass-through.js';

/**
 * The file operations of a stage's context, bound to its `outDir`. Every write lands inside `outDir`
 * (anything else is a bug in the stage, reported as one), so what the runner commits to the content
 * store is exactly what the stage meant to produce. With `passThrough`, placing one of the stage's input
 * files leaves a symlink the runner resolves when it commits (see pass-through.ts).
 */
export function createStageFiles(outDir: string, stageId = 'stage', passThrough?: PassThroughLinks): StageFiles {
  const root = resolve(outDir);

  /** The absolute target of a relative output path, or a stage-bug error when it leaves `outDir`. */
  const inside = (relativePath: string): string => {
    const target = resolve(root, relativePath);
    const rel = relative(root, target);
    if (isAbsolute(relativePath) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new StageFailedError('E_OUTPUT_OUTSIDE', `stage ${stageId} tried to write "${relativePath}", which is not a path inside its outDir`, {
        stage: stageId,
        hint: 'this is a bug in the stage, not in your pipeline: output paths are relative to outDir and stay inside it',
      });
    }
    return target;
  };

  const writeOutput = async (relativePath: string, data: string | Uint8Array): Promise<string> => {
    const target = inside(relativePath);
    await mkdir(dirname(target), { recursive: true });
    // A temporary beside the target: the rename stays on one file system, so it is atomic.
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return target;
  };

  return {
    writeOutput,
    writeJson: (relativePath, value) => writeOutput(relativePath, `${JSON.stringify(value, null, 2)}\n`),
    async placeOutput(source, relativePath, options = {}) {
      const target = inside(relativePath);
      await mkdir(dirname(target), { recursive: true });
      if (options.move) {
        await rename(source, target);
        return target;
      }
      if (passThrough?.accepts(source)) {
        try {
          await symlink(resolve(source), target);
          passThrough.record(target, source);
          return target;
        } catch {
          // Where symlinks are refused (Windows without the privilege): a link or copy, committed as new content.
        }
      }
      try {
        await link(source, target);
      } catch {
        // Across file systems (or where links are refused) a copy does the same job, only slower.
        await copyFile(source, target);
      }
      return target;
    },
    async makeOutputDir(relativePath) {
      const target = inside(relativePath);
      await mkdir(target, { recursive: true });
      return target;
    },
    readText: (file: Artifact | string) => readFile(typeof file === 'string' ? file : file.path, 'utf8'),
    async fileSize(path) {
      const info = await stat(path).catch(() => undefined);
      return info?.isFile() ? info.size : undefined;
    },
  };
}
