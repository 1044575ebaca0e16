// Bundles the `pipeline` command into dist/chunks/*.cjs with dist/bin.cjs to load them, after `tsc -b`
// has type-checked and emitted the library build. Why: on Node 20 (no module compile cache) a fully
// cached run of exec stages spent most of its time resolving and compiling ~195 small modules (zod alone
// is ~95 ESM files, yaml a tree of CommonJS files). Bundled, `check` of the example loads ~40 chunks,
// @pipeline/errors and ajv's one runtime helper.
//
// dist/bin.cjs (what the package's bin, README, tests and benches run) is written here: it is
// src/chunk-loader.ts with the entry chunk's name and the build's id filled in, and gives each chunk
// V8's code cache. dist/bin.js, tsc's output of src/bin.ts, is replaced by a line that loads
// dist/bin.cjs; tsc's other outputs stay the package's library build and types.
//
// Why CommonJS chunks: Node 20 has no code cache for ES modules (`module.enableCompileCache` is Node
// 22), and compiling the bundle was most of a short command's time. esbuild splits only ES modules, so
// the chunks are built as ES modules and each is then turned into CommonJS (`toCommonJs` below);
// the split — one chunk per verb and per stage package, loaded when used — stays as it was.
//
// What is bundled: the workspace packages (from their TypeScript sources, as the unit tests run them)
// and the two pure-JS libraries every pipeline file needs, zod and yaml. Every other package stays an
// import resolved at run time from node_modules, so native code (onnxruntime-node, sharp), packages
// that locate their own files (ajv's runtime helpers, zx's CLI) and anything added later work as they
// do unbundled. `@pipeline/errors` stays external too: its classes are checked with `instanceof`, and
// a user plugin (a pipeline file's `plugins:`) imports them from node_modules, so there must be one copy
// (its CommonJS build, which its ES module entry re-exports: packages/errors/scripts/dual.mjs).
//
// Code splitting keeps the CLI's lazy imports lazy: each verb (commands/index.ts) and each built-in
// stage package (builtin-plugins.ts) is its own chunk, loaded only when used.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(cliDir, 'dist');

/** Bare imports that go into the bundle; any other bare import stays external. */
const bundled = (specifier) => (specifier.startsWith('@pipeline/') && specifier !== '@pipeline/errors') || /^(zod|yaml)(\/|$)/.test(specifier);

/** @type {import('esbuild').Plugin} */
const externalByDefault = {
  name: 'external-by-default',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (bundled(args.path) ? undefined : { path: args.path, external: true }));
  },
};

/**
 * zod's `z.locales` namespace holds ~60 translations of its messages: half of the bundled zod, compiled
 * at every start. The CLI never selects one (zod registers `en` itself, and a test keeps the sources
 * free of `z.locales`), so the bundle's copy keeps only English. A user plugin's zod is its own, whole.
 */
/** @type {import('esbuild').Plugin} */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * The members of zod's `z` that the workspace's code uses at run time, and the names it imports from
 * 'zod' beside `z`: each source with its types stripped (esbuild's transform), scanned for `z.<name>`,
 * kept where zod's `z` has that name at run time (a superset is harmless; a miss would be a TypeError).
 */
async function zodNamesUsed() {
  const { z } = await import('zod');
  const runtime = new Set(Object.keys(z));
  const members = new Set();
  const named = new Set();
  const packages = path.resolve(cliDir, '..');
  for (const pkg of await readdir(packages)) {
    const src = path.join(packages, pkg, 'src');
    const files = await readdir(src, { recursive: true }).catch(() => []);
    // Tests are never bundled.
    for (const file of files.filter((f) => /\.[cm]?ts$/.test(f) && !/\.d\.ts$|\.test\.[cm]?ts$/.test(f))) {
      const { code } = await transform(await readFile(path.join(src, file), 'utf8'), { loader: 'ts', logLevel: 'silent' });
      // `z` used other than as `z.<name>` (passed on, destructured, indexed) would need members this scan cannot see.
      const importsZ = /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod["']/.test(code);
      const otherUse = importsZ ? code.replace(/import\s*\{[^}]*\}\s*from\s*["']zod["'];?/g, '').match(/.*(?<!["'`$.])\bz\b(?!\s*\.|["'`]).*/) : null;
      if (otherUse) throw new Error(`bundle: ${pkg}/src/${file} uses zod's \`z\` other than as \`z.<name>\`: ${otherUse[0].trim().slice(0, 200)}`);
      for (const [, name] of code.matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g)) if (runtime.has(name)) members.add(name);
      for (const [, list] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']zod["']/g)) {
        for (const name of list.split(',').map((n) => n.trim().split(/\s+as\s+/)[0])) if (name && name !== 'z') named.add(name);
      }
    }
  }
  return { members: [...members].sort(), named: [...named].sort() };
}

/**
 * The workspace's `import { z } from 'zod'`, in the bundle, is a plain object of the members it uses.
 * zod's own `z` is a namespace: esbuild builds it as an object of getters (one per export, ~300, set up
 * at every start, and every `z.object(…)` a getter call), and keeps every export it names, so none of
 * zod could be left out. With named imports, what no code reaches (JSON Schema input, codecs, ISO
 * dates, …) is left out. A user plugin's zod is its own, whole.
 */
const zodUsed = await zodNamesUsed();
const zodIndex = path.join(path.dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'index.js');
/** @type {import('esbuild').Plugin} */
const zodAsPlainObject = {
  name: 'zod-as-plain-object',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'zod-used' }));
    b.onLoad({ filter: /.*/, namespace: 'zod-used' }, () => {
      // Imported under other names: some are reserved words (`null`, `enum`).
      const names = [...new Set([...zodUsed.members, ...zodUsed.named])];
      const imports = names.map((name) => `${name} as zod_${name}`).join(', ');
      const members = zodUsed.members.map((name) => `${name}: zod_${name}`).join(', ');
      const named = zodUsed.named.map((name) => `zod_${name} as ${name}`).join(', ');
      return {
        contents: `import { ${imports} } from ${JSON.stringify(zodIndex)};\nexport const z = Object.freeze({ ${members} });\nexport { ${named} };\n`,
        loader: 'js',
        resolveDir: path.dirname(zodIndex),
      };
    });
  },
};

// Chunks are named by content hash; remove the previous build's (and the code caches made from them)
// so dist/ holds only what bin.cjs uses.
await rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
await rm(path.join(outdir, '.v8-cache'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: cliDir,
  // The entry is a chunk like the others (chunks/bin-<hash>), so every import between chunks is `./name.js`.
  entryPoints: { bin: 'src/bin.ts' },
  outdir,
  entryNames: 'chunks/[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Workspace packages resolve to their sources (as in vitest.config.ts), the rest as Node would.
  conditions: ['source'],
  plugins: [zodAsPlainObject, externalByDefault, zodEnglishOnly],
  legalComments: 'linked',
  logLevel: 'warning',
  write: false,
  metafile: true,
});

/**
 * What a CommonJS chunk starts with: strict mode (the ES module it was made from had it), and those of
 * `import.meta.url`, `import.meta.resolve` and the `import()` the chunk loader does for it
 * (dist/chunk-loader.js; a plain `import()` would fail inside `vm.Script`) that the chunk uses: a
 * `pathToFileURL` in each of the 37 chunks `check` loads cost it ~1 ms, and 11 of 112 chunks use it.
 */
const preludeLines = {
  __importMetaUrl: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  __importMetaResolve: 'const __importMetaResolve = (specifier) => require("node:url").pathToFileURL(require.resolve(specifier)).href;',
  __dynamicImport: 'const __dynamicImport = globalThis[Symbol.for("@pipeline/cli.dynamicImport")];',
};

function withPrelude(body) {
  const used = Object.entries(preludeLines).filter(([name]) => new RegExp(`\\b${name}\\b`).test(body));
  return ['"use strict";', ...used.map(([, line]) => line), body].join('\n');
}

/**
 * The chunk with every non-ASCII character written as a `\uXXXX` escape. esbuild escapes them in strings
 * but leaves them in the comments it keeps (a `→` in a doc comment) and in regular expression literals;
 * one such character makes V8 hold the whole chunk as a two-byte string: twice the memory, and slower
 * to read and to compile (the chunk loader reads chunks as latin1, which for ASCII is the same text).
 * In a comment the escape is only text; in a string or a regular expression it means the same character.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One ES module chunk as a CommonJS one that dist/chunk-loader.js can load. */
async function toCommonJs(file, code) {
  // esbuild names each bundled source in a `// ../<package>/src/<file>.ts` (or `…/node_modules/…js`)
  // line; a transform drops plain comments, so these ride through as legal comments (`//!`) and are put back.
  // A hashbang is only valid as a script's first bytes, and each chunk is wrapped in a function.
  const marked = code.replace(/^#!.*\n/, '').replace(/^\/\/ (\.\.\/[\w@./-]+\.[cm]?[jt]s)$/gm, '//! $1');
  const { code: cjs } = await transform(marked, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    loader: 'js',
    legalComments: 'inline',
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
    sourcefile: file,
    logLevel: 'error',
  });
  const out = cjs
    .replace(/^\/\/! (\.\.\/[\w@./-]+\.[cm]?[jt]s)$/gm, '// $1')
    // Another chunk: `require` it, at once (static) or on first use (a lazy verb or stage package).
    .replace(/\brequire\("\.\/([\w.-]+)\.js"\)/g, 'require("./$1.cjs")')
    .replace(/\bimport\("\.\/([\w.-]+)\.js"\)/g, 'Promise.resolve().then(() => require("./$1.cjs"))')
    // Anything else (an npm package, a user's plugin) is imported by the loader.
    .replace(/\bimport\(/g, '__dynamicImport(');
  // Whatever is still `import.meta` or an `import(` in code would throw at run time, far from here.
  const leftover = out.split('\n').find((line) => /\bimport\.meta\b|\bimport\(/.test(line));
  if (leftover !== undefined) throw new Error(`bundle: ${file} still has an ES module construct after its CommonJS transform: ${leftover.trim().slice(0, 200)}`);
  return asciiOnly(withPrelude(out.replace(/^"use strict";\n/, '')));
}

await mkdir(path.join(outdir, 'chunks'), { recursive: true });
let entry;
// The build's id, a digest of every chunk as written: code caches live in a folder named by it. V8 checks
// a cache against its source's length only, and a chunk's name hashes esbuild's output, not what the
// transform above made of it; with the id, a cache is only ever read by the build that wrote it, even
// when turbo restores an older build's dist/ next to a newer build's caches.
const buildDigest = createHash('sha256');
for (const output of [...result.outputFiles].sort((a, b) => (a.path < b.path ? -1 : 1))) {
  const relative = path.relative(outdir, output.path);
  if (relative.endsWith('.js')) {
    const target = output.path.replace(/\.js$/, '.cjs');
    const code = await toCommonJs(relative, output.text);
    buildDigest.update(`${path.basename(target)}\0${code}\0`);
    await writeFile(target, code);
    if (/^chunks[\\/]bin-[\w]+\.js$/.test(relative)) entry = path.basename(target);
  } else {
    await writeFile(output.path, output.contents);
  }
}
if (!entry) throw new Error('bundle: esbuild wrote no entry chunk');
const buildId = buildDigest.digest('hex').slice(0, 16);

// The command's entry, dist/bin.cjs: CommonJS too, so that Node never starts its ES module loader for a
// command that does not need it (~5 ms, and ~20 ms for `check`, measured against an ES module entry).
// It is the chunk loader with the entry chunk's name filled in. @pipeline/errors stays one package
// outside the bundle: the chunks `require` it (its CommonJS build), and a user plugin's `import` of it
// re-exports that same build, so `instanceof` holds across the two (packages/errors/scripts/dual.mjs).
await build({
  absWorkingDir: cliDir,
  stdin: {
    contents: `import path from 'node:path';
import { loadBundle } from './chunk-loader.js';
loadBundle(path.join(__dirname, 'chunks', ${JSON.stringify(entry)}), {
  cacheDir: path.join(__dirname, '.v8-cache', ${JSON.stringify(buildId)}),
  buildId: ${JSON.stringify(buildId)},
  removeOtherBuilds: true,
  useCache: process.env.PIPELINE_CODE_CACHE !== '0',
  // The verb: the first of each in a build adds what it compiled to the caches (chunk-loader.ts).
  contributor: /^[a-z][a-z-]{0,30}$/.exec(process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? '')?.[0] ?? 'other',
});
`,
    resolveDir: path.join(cliDir, 'src'),
    sourcefile: 'bin-launcher.ts',
    loader: 'ts',
  },
  outfile: path.join(outdir, 'bin.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node\n// Written by scripts/bundle.mjs: loads the CLI bundle (chunks/*.cjs) with V8\'s code cache (src/chunk-loader.ts).' },
  logLevel: 'warning',
});
// dist/bin.js, what tsc makes of src/bin.ts, becomes the same command for whoever runs that path.
await writeFile(path.join(outdir, 'bin.js'), "#!/usr/bin/env node\n// Written by scripts/bundle.mjs: the command is dist/bin.cjs (CommonJS: it starts faster).\nimport './bin.cjs';\n");
