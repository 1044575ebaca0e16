// Bundles the `pipeline` command into dist/bin.js (+ dist/chunks/), after `tsc -b` has type-checked
// and emitted the library build. Why: on Node 20 (no module compile cache) a fully cached run of exec
// stages spent most of its time resolving and compiling ~195 small modules (zod alone is ~95 ESM files,
// yaml a tree of CommonJS files). Bundled, it loads 17 (and ajv's one runtime helper), and the cached
// re-run of bench/cached-rerun.mjs drops from ~195 to ~140 ms.
//
// dist/bin.js (the package's `bin`, and what README, tests and benches run) is the bundle's entry: it
// replaces tsc's bin.js, while tsc's other outputs stay the package's library build and types. A lone
// `tsc -b` that re-emits bin.js leaves an unbundled CLI that still works (it imports ./main.js).
//
// What is bundled: the workspace packages (from their TypeScript sources, as the unit tests run them)
// and the two pure-JS libraries every pipeline file needs, zod and yaml. Every other package stays an
// import resolved at run time from node_modules, so native code (onnxruntime-node, sharp), packages
// that locate their own files (ajv's runtime helpers, zx's CLI) and anything added later work as they
// do unbundled. `@pipeline/errors` stays external too: its classes are checked with `instanceof`, and
// a user plugin (a pipeline file's `plugins:`) imports them from node_modules, so there must be one copy.
//
// Code splitting keeps the CLI's lazy imports lazy: each verb (commands/index.ts) and each built-in
// stage package (builtin-plugins.ts) is its own chunk, loaded only when used.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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

// Chunks are named by content hash; remove the previous build's so dist/ holds only what bin.js uses.
await rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  absWorkingDir: cliDir,
  entryPoints: { bin: 'src/bin.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Workspace packages resolve to their sources (as in vitest.config.ts), the rest as Node would.
  conditions: ['source'],
  plugins: [externalByDefault, zodEnglishOnly],
  // yaml is CommonJS and requires `process` and `buffer`; ESM output has no `require`, so each output
  // file gets one. esbuild renames a module's own top-level `require` (the generated validator's). It is
  // made on first use: of ~45 chunks a check loads, one calls it, and createRequire costs each a Module.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nlet __bundleRequire;\nconst require = (id) => (__bundleRequire ??= __bundleCreateRequire(import.meta.url))(id);",
  },
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
