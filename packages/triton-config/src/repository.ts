// Reading a Triton model repository the way Triton lists it (K model_lifecycle.cc VersionsToLoad):
// every sub-directory is a model; inside it, numeric sub-directories are versions (a leading zero
// or a name that does not start with an integer is ignored with a warning); `configs`, `warmup`
// and `initial_state` are not versions. Each model's config.pbtxt is read with located errors.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '@pipeline/errors';
import { parseModelConfig } from './config-text.js';
import type { ModelConfig } from './model-config.js';
import type { SourceMap } from './text-format/source-map.js';
import { TextFormatError } from './text-format/tokenizer.js';

export interface RepositoryModelVersion {
  version: number;
  dir: string;
  /** Names directly inside the version folder (files and folders). */
  entries: string[];
}

export interface RepositoryModel {
  name: string;
  dir: string;
  /** Path of config.pbtxt, when the model has one. */
  configPath?: string;
  config?: ModelConfig;
  locations?: SourceMap;
  versions: RepositoryModelVersion[];
  /** Other names in the model folder (label files, `configs/`, ...). */
  otherEntries: string[];
}

export interface ModelRepository {
  dir: string;
  models: RepositoryModel[];
  /** Syntax errors, ignored folders: everything found while reading, as located data. */
  diagnostics: Diagnostic[];
}

const NOT_VERSIONS = new Set(['configs', 'warmup', 'initial_state']);

/** Triton's reading of a version folder's name: a numeric prefix (as `std::stoll`), no leading zero. */
export function versionOfFolderName(name: string): { version: number } | { ignored: string } {
  if (name.length > 1 && name.startsWith('0'))
    return { ignored: `ignore version directory '${name}' which contains leading zeros in its directory name` };
  const prefix = /^\s*[+-]?\d+/.exec(name);
  if (!prefix) return { ignored: `ignore version directory '${name}' which fails to convert to integral number` };
  return { version: Number(prefix[0]) };
}

// Synchronous reads on purpose: a repository is many tiny files, and each asynchronous read costs
// four thread-pool round trips (open, stat, read, close); Triton reads them synchronously too.
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const isFsError = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

/** A file or folder of the repository that cannot be read (permissions): Triton cannot load the model either. */
function unreadable(message: string, file: string): Diagnostic {
  return { code: 'E_TRITON_REPOSITORY_UNREADABLE', severity: 'error', message, loc: { file, line: 1, column: 1 }, hint: 'the server reads the repository as its own user: make the files readable to it' };
}

function readModel(repoDir: string, name: string, diagnostics: Diagnostic[]): RepositoryModel {
  const dir = join(repoDir, name);
  const model: RepositoryModel = { name, dir, versions: [], otherEntries: [] };
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.name === 'config.pbtxt' && entry.isFile()) {
      model.configPath = path;
      try {
        const read = parseModelConfig(readFileSync(path, 'utf8'), path);
        model.config = read.config;
        model.locations = read.locations;
      } catch (error) {
        if (error instanceof TextFormatError) diagnostics.push(error.toDiagnostic());
        else if (isFsError(error)) diagnostics.push(unreadable(`failed to open text file for read ${path}: ${error.code}`, path));
        else throw error;
      }
      continue;
    }
    if (entry.isDirectory() && !NOT_VERSIONS.has(entry.name)) {
      const parsed = versionOfFolderName(entry.name);
      if ('version' in parsed) {
        try {
          model.versions.push({ version: parsed.version, dir: path, entries: readdirSync(path).sort() });
        } catch (error) {
          if (!isFsError(error)) throw error;
          diagnostics.push(unreadable(`failed to read version directory ${path}: ${error.code}`, path));
        }
        continue;
      }
      diagnostics.push({ code: 'W_TRITON_VERSION_FOLDER', severity: 'warning', message: parsed.ignored, loc: { file: path, line: 1, column: 1 } });
    }
    model.otherEntries.push(entry.name);
  }
  model.versions.sort((a, b) => a.version - b.version);
  return model;
}

/** Lists the models of a repository with their versions and parsed configs. */
export async function readModelRepository(dir: string): Promise<ModelRepository> {
  const diagnostics: Diagnostic[] = [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort();
  const models: RepositoryModel[] = [];
  for (const name of names) {
    if (!isDirectory(join(dir, name))) continue;
    try {
      models.push(readModel(dir, name, diagnostics));
    } catch (error) {
      if (!isFsError(error)) throw error;
      diagnostics.push(unreadable(`failed to read model directory ${join(dir, name)}: ${error.code}`, join(dir, name)));
    }
  }
  return { dir, models, diagnostics };
}
