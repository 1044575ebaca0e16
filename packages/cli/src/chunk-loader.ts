import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the CLI bundle's CommonJS chunks (scripts/bundle.mjs) with a V8 code cache.
 *
 * Why: on Node 20 most of a short command's time is V8 compiling the bundle's code (PERFORMANCE.md):
 * `module.enableCompileCache` is Node 22, and ES modules get no code cache at all. A chunk compiled
 * through `vm.Script` can be given the bytecode a previous process made (`cachedData`), so the second
 * `pipeline check` skips parsing and compiling what the first one compiled.
 *
 * The cache of a chunk is written when the process exits, after the command ran, so it holds every
 * function the command compiled, not only the chunk's top level; it is written once, by the first
 * process that finds none (or finds one V8 rejects: another Node, other V8 flags), to a temporary file
 * renamed into place, so a reader never sees half a file. The CLI gives each build its own folder
 * (named by a digest of its chunks), so a cache only meets the code it was made from. Where the folder
 * cannot be written (a read-only install), chunks load as they would without it.
 *
 * The chunks are CommonJS for this, so they cannot `import()` (a `vm.Script` needs an experimental
 * flag for that): the bundle calls the function published as `DYNAMIC_IMPORT` instead, which does it
 * for them from here.
 */
export interface ChunkLoaderOptions {
  /** Where cache files go: one per chunk, per Node version and architecture. */
  cacheDir: string;
  /** False to compile without a cache (`PIPELINE_CODE_CACHE=0`): to measure it, or rule it out. */
  useCache: boolean;
  /** The build's id (a digest of its chunks), published as `BUILD_ID` for what must tell builds apart. */
  buildId?: string;
  /**
   * The folders beside `cacheDir` hold other builds' caches (the CLI's `.v8-cache/<build id>/`): remove
   * them when this build writes its own, so switching branches (turbo restoring each build's dist/, and
   * with it no caches) does not pile them up.
   */
  removeOtherBuilds?: boolean;
  /**
   * What this process is (the CLI passes its verb). A cache holds what the process that wrote it
   * compiled, and V8 keeps a cache it accepts: were `pipeline stages` (which parses no YAML) the first
   * command after a build, every later `check` would compile the YAML parser again (~7 ms). So the
   * first process of each kind in a build rewrites the caches of every chunk it loaded, with what they
   * held and what it added, and leaves a marker (`<kind>.<node version…>.contributed`) that it did.
   */
  contributor?: string;
}

/** Where the chunks find their `import()` (the prelude scripts/bundle.mjs gives each chunk reads it). */
const DYNAMIC_IMPORT = Symbol.for('@pipeline/cli.dynamicImport');

/** Where the running build's id is published (`memoOptions` in load-pipeline.ts reads it). */
const BUILD_ID = Symbol.for('@pipeline/cli.buildId');

interface Compiled {
  script: Script;
  cacheFile: string;
}

/** The entry chunk's exports, and what became of each chunk's cache (chunk file names), for tests and benches. */
export interface LoadedBundle {
  exports: unknown;
  cache: { accepted: string[]; rejected: string[]; missing: string[] };
}

/**
 * V8 rejects a cache made under other V8 flags (`--cpu-prof`, `--max-old-space-size`, …). Processes
 * started with different flags get their own cache files; sharing one, each would reject and rewrite
 * the other's on every start.
 */
function flagsSuffix(): string {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (flags === '') return '';
  // FNV-1a: a short, stable name for the flag set, without loading node:crypto for it.
  let hash = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) hash = Math.imul(hash ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return `-flags${hash.toString(16).padStart(8, '0')}`;
}

export function loadBundle(entryFile: string, options: ChunkLoaderOptions): LoadedBundle {
  const chunksDir = path.dirname(entryFile);
  const cacheKey = `${process.version}-${process.arch}${flagsSuffix()}`;
  const toWrite: Compiled[] = [];
  const loaded = new Map<string, Module>();
  const cache: LoadedBundle['cache'] = { accepted: [], rejected: [], missing: [] };
  // The chunks' `import()`: resolved from the CLI's own folder, as the chunks' own imports would be.
  (globalThis as Record<symbol, unknown>)[DYNAMIC_IMPORT] = (specifier: string) => import(specifier);
  if (options.buildId !== undefined) (globalThis as Record<symbol, unknown>)[BUILD_ID] = options.buildId;

  // Every chunk is in one folder, so they share its node_modules lookup paths and one `require` for
  // what is not a chunk (made per chunk, these were ~1.5 ms of a check's 37 chunks).
  const modulePaths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(chunksDir);
  const marker = options.contributor === undefined ? undefined : `${options.cacheDir}${path.sep}${options.contributor}.${cacheKey}.contributed`;
  const contributes = options.useCache && marker !== undefined && !existsSync(marker);
  const nodeRequire = createRequire(entryFile);
  const load = (file: string, parent: Module | undefined): unknown => {
    const known = loaded.get(file);
    if (known) return known.exports;
    const module = new Module(file, parent);
    module.filename = file;
    module.paths = modulePaths;
    loaded.set(file, module);
    // Listed where CommonJS modules are, so what a command loaded can be traced (test/startup-modules.test.ts).
    (Module as unknown as { _cache: Record<string, Module> })._cache[file] = module;
    const chunkRequire = Object.assign(
      // A chunk's name is a plain file name (scripts/bundle.mjs writes `./<name>.cjs`): no path to normalise.
      (id: string) => (id.startsWith('./') && id.endsWith('.cjs') ? load(`${chunksDir}${path.sep}${id.slice(2)}`, module) : nodeRequire(id)),
      { resolve: nodeRequire.resolve, cache: nodeRequire.cache },
    );
    const cacheFile = `${options.cacheDir}${path.sep}${path.basename(file, '.cjs')}.${cacheKey}.v8`;
    let cachedData: Buffer | undefined;
    if (options.useCache) {
      try {
        cachedData = readFileSync(cacheFile);
      } catch {
        cachedData = undefined;
      }
    }
    // latin1: scripts/bundle.mjs writes chunks in ASCII, and decoding them as UTF-8 costs a third more.
    const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (options.useCache) {
      const outcome = cachedData === undefined ? cache.missing : script.cachedDataRejected === true ? cache.rejected : cache.accepted;
      outcome.push(path.basename(file));
      if (outcome !== cache.accepted || contributes) toWrite.push({ script, cacheFile });
    }
    const wrapper = script.runInThisContext() as (exports: unknown, require: unknown, module: Module, filename: string, dirname: string) => void;
    wrapper.call(module.exports, module.exports, chunkRequire, module, file, chunksDir);
    module.loaded = true;
    return module.exports;
  };

  if (options.useCache) {
    process.once('exit', () => {
      if (toWrite.length === 0) return;
      try {
        mkdirSync(options.cacheDir, { recursive: true });
      } catch {
        return;
      }
      if (options.removeOtherBuilds) {
        // Best effort, like the cache itself: a folder this process may not remove is left.
        try {
          const parent = path.dirname(options.cacheDir);
          for (const other of readdirSync(parent)) {
            if (other !== path.basename(options.cacheDir)) rmSync(path.join(parent, other), { recursive: true, force: true });
          }
        } catch {}
      }
      for (const { script, cacheFile } of toWrite) {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        try {
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, cacheFile);
        } catch {
          rmSync(temporary, { force: true });
        }
      }
      if (contributes && marker !== undefined) {
        try {
          writeFileSync(marker, '');
        } catch {}
      }
    });
  }
  return { exports: load(entryFile, undefined), cache };
}
