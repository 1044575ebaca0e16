import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

// The loader runs in a child process, as in the CLI: it installs an exit hook and a global, and the
// cache is written when the process exits. It is the built dist/chunk-loader.js, as dist/bin.cjs loads it (bundled into it).
const cliDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const loaderUrl = pathToFileURL(path.join(cliDist, 'chunk-loader.js')).href;
// Inside the package (dist/ is not in git), so that packages resolve from the chunks as they do from the CLI's.
const dir = mkdtempSync(path.join(cliDist, '.test-chunk-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chunks = path.join(dir, 'chunks');
const cacheDir = path.join(dir, 'cache');
const entry = path.join(chunks, 'entry-AAAA.cjs');

beforeEach(() => {
  rmSync(chunks, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(chunks, { recursive: true });
  // Shaped like the bundle's chunks: CommonJS, other chunks by `./name.cjs`, `import()` through the loader's global.
  writeFileSync(path.join(chunks, 'dep-BBBB.cjs'), '"use strict";\nexports.double = (n) => n * 2;\n');
  writeFileSync(
    entry,
    [
      '"use strict";',
      'const dep = require("./dep-BBBB.cjs");',
      'const { UsageError } = require("@pipeline/errors");',
      'const dynamicImport = globalThis[Symbol.for("@pipeline/cli.dynamicImport")];',
      'module.exports.answer = async () => ({ doubled: dep.double(21), errorClass: typeof UsageError, sep: (await dynamicImport("node:path")).sep });',
      '',
    ].join('\n'),
  );
});

interface ChildResult {
  status: number | null;
  stderr: string;
  report: { answer: { doubled: number; errorClass: string; sep: string }; cache: { accepted: string[]; rejected: string[]; missing: string[] }; traced: string[] };
}

function loadInChild(options: { cacheDir?: string; useCache?: boolean } = {}): ChildResult {
  const script = `
    import { loadBundle } from ${JSON.stringify(loaderUrl)};
    import { createRequire } from 'node:module';
    const loaded = loadBundle(${JSON.stringify(entry)}, { cacheDir: ${JSON.stringify(options.cacheDir ?? cacheDir)}, useCache: ${options.useCache ?? true} });
    const answer = await loaded.exports.answer();
    const traced = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.startsWith(${JSON.stringify(chunks)}));
    process.stdout.write(JSON.stringify({ answer, cache: loaded.cache, traced }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, report: result.status === 0 ? JSON.parse(result.stdout) : undefined } as ChildResult;
}

const cacheFiles = () => readdirSync(cacheDir).sort();

/**
 * Loads the bundle as `contributor`, calling `call` on the entry's exports when given; returns the cache
 * files' sizes. One script for every call (what differs comes in argv): the children's flags, `-e` and
 * its code included, name their cache files.
 */
function loadAs(contributor: string, call?: string): Record<string, number> {
  const script = `
    import { loadBundle } from ${JSON.stringify(loaderUrl)};
    const [, contributor, call] = process.argv;
    const loaded = loadBundle(${JSON.stringify(entry)}, { cacheDir: ${JSON.stringify(cacheDir)}, useCache: true, contributor });
    if (call) loaded.exports[call]();
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, contributor, ...(call ? [call] : [])], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return Object.fromEntries(cacheFiles().map((f) => [f, readFileSync(path.join(cacheDir, f)).length]));
}

describe('loadBundle', () => {
  it('the first process of each contributor adds what it compiled to the caches; later ones leave them', () => {
    // A function only the second kind of process calls: the first one's cache lacks its bytecode.
    const body = Array.from({ length: 200 }, (_, i) => `  total += Math.imul(total ^ ${i}, 31) >>> ${i % 7};`).join('\n');
    writeFileSync(path.join(chunks, 'dep-BBBB.cjs'), `"use strict";\nexports.double = (n) => n * 2;\nexports.busy = () => {\n  let total = 1;\n${body}\n  return total;\n};\n`);
    writeFileSync(entry, '"use strict";\nconst dep = require("./dep-BBBB.cjs");\nexports.busy = () => dep.busy();\n');
    const depCache = (sizes: Record<string, number>) => Object.entries(sizes).find(([f]) => f.startsWith('dep-BBBB.') && f.endsWith('.v8'))?.[1] ?? 0;

    const afterStages = loadAs('stages');
    expect(Object.keys(afterStages).filter((f) => f.endsWith('.contributed'))).toEqual([expect.stringMatching(/^stages\./)]);
    // The first `check` compiles `busy` and adds it; a second `check` finds its marker and writes nothing.
    const afterCheck = loadAs('check', 'busy');
    expect(depCache(afterCheck)).toBeGreaterThan(depCache(afterStages));
    expect(Object.keys(afterCheck).filter((f) => f.endsWith('.contributed')).sort()).toEqual([expect.stringMatching(/^check\./), expect.stringMatching(/^stages\./)]);
    const mtimes = () => cacheFiles().map((f) => statSync(path.join(cacheDir, f)).mtimeMs);
    const before = mtimes();
    loadAs('check', 'busy');
    expect(mtimes()).toEqual(before);
  });

  it('loads CommonJS chunks, with packages resolved from the chunks’ folder and `import()` done for them; lists them where require.cache does', () => {
    const first = loadInChild();
    expect(first.stderr).toBe('');
    expect(first.report.answer).toEqual({ doubled: 42, errorClass: 'function', sep: path.sep });
    expect(first.report.traced.sort()).toEqual([path.join(chunks, 'dep-BBBB.cjs'), entry]);
  });

  it('writes each chunk’s cache when the process exits, and the next process’s V8 accepts it', () => {
    const first = loadInChild();
    expect(first.report.cache).toEqual({ accepted: [], rejected: [], missing: ['entry-AAAA.cjs', 'dep-BBBB.cjs'] });
    // Named by chunk, Node version and architecture (and the flag set: these children run with --input-type).
    const key = `${process.version}-${process.arch}`;
    expect(cacheFiles().map((f) => f.replace(/-flags[0-9a-f]{8}\.v8$/, '.v8'))).toEqual([`dep-BBBB.${key}.v8`, `entry-AAAA.${key}.v8`]);
    const second = loadInChild();
    expect(second.report.cache).toEqual({ accepted: ['entry-AAAA.cjs', 'dep-BBBB.cjs'], rejected: [], missing: [] });
    expect(second.report.answer.doubled).toBe(42);
  });

  it('a cache V8 rejects (here: not a cache at all) costs nothing but the cache, and is written anew', () => {
    loadInChild();
    const damaged = path.join(cacheDir, cacheFiles().find((f) => f.startsWith('dep-BBBB.')) ?? 'missing');
    writeFileSync(damaged, 'not a code cache');
    const second = loadInChild();
    expect(second.status).toBe(0);
    expect(second.report.cache).toEqual({ accepted: ['entry-AAAA.cjs'], rejected: ['dep-BBBB.cjs'], missing: [] });
    expect(readFileSync(damaged, 'utf8')).not.toBe('not a code cache');
    expect(loadInChild().report.cache.accepted.sort()).toEqual(['dep-BBBB.cjs', 'entry-AAAA.cjs']);
    // No temporary file is left behind by the writes.
    expect(cacheFiles().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a cache folder that cannot be made (a read-only install) changes nothing the user sees', () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const result = loadInChild({ cacheDir: path.join(blocker, 'cache') });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.report.answer.doubled).toBe(42);
  });

  it('useCache: false reads and writes no cache', () => {
    const result = loadInChild({ useCache: false });
    expect(result.report.cache).toEqual({ accepted: [], rejected: [], missing: [] });
    expect(() => readdirSync(cacheDir)).toThrow();
  });
});

describe('loadBundle under other V8 flags', () => {
  it('keeps a cache per flag set, so processes started with different flags do not reject each other’s', () => {
    const run = (execArgv: string[]) => {
      const script = `import { loadBundle } from ${JSON.stringify(loaderUrl)}; const l = loadBundle(${JSON.stringify(entry)}, { cacheDir: ${JSON.stringify(cacheDir)}, useCache: true }); process.stdout.write(JSON.stringify(l.cache));`;
      const result = spawnSync(process.execPath, [...execArgv, '--input-type=module', '-e', script], { encoding: 'utf8' });
      return JSON.parse(result.stdout) as { accepted: string[] };
    };
    run([]);
    run(['--max-semi-space-size=32']);
    expect(run([]).accepted.sort()).toEqual(['dep-BBBB.cjs', 'entry-AAAA.cjs']);
    expect(run(['--max-semi-space-size=32']).accepted.sort()).toEqual(['dep-BBBB.cjs', 'entry-AAAA.cjs']);
  });
});

describe('loadBundle with removeOtherBuilds', () => {
  it('removes the other builds’ cache folders beside its own when it writes its caches, and keeps its own', () => {
    const builds = path.join(dir, 'builds');
    const stale = path.join(builds, 'old-build');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, 'chunk-OLD.v8'), 'an old build’s cache');
    const own = path.join(builds, 'this-build');
    const run = (removeOtherBuilds: boolean) => {
      const script = `import { loadBundle } from ${JSON.stringify(loaderUrl)}; loadBundle(${JSON.stringify(entry)}, { cacheDir: ${JSON.stringify(own)}, useCache: true, removeOtherBuilds: ${removeOtherBuilds} });`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    };
    // Without the option the other build's folder stays.
    expect(run(false).status).toBe(0);
    expect(readdirSync(builds).sort()).toEqual(['old-build', 'this-build']);
    rmSync(own, { recursive: true, force: true });
    expect(run(true).status).toBe(0);
    expect(readdirSync(builds)).toEqual(['this-build']);
    expect(readdirSync(own).length).toBe(2);
  });
});
