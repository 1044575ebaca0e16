// Makes @pipeline/errors one set of classes for CommonJS and ES module importers alike, after `tsc -b`.
//
// Why: the CLI is CommonJS (its bundle's chunks get V8's code cache, packages/cli/scripts/bundle.mjs)
// and a user's stage plugin is usually an ES module; both must see the same classes, or a plugin's
// `GateFailedError` is not `instanceof GateFailedError` to the runner. So the package's code is built
// once, as CommonJS (dist/index.cjs, what `require` resolves), and the ES module entry that tsc wrote
// (dist/index.js, what `import` resolves) is replaced by a re-export of it. Types stay tsc's.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: packageDir,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await rm(path.join(packageDir, 'dist/index.js.map'), { force: true });
await writeFile(path.join(packageDir, 'dist/index.js'), "// Written by scripts/dual.mjs: the classes live in index.cjs, shared with CommonJS importers.\nexport * from './index.cjs';\n");
