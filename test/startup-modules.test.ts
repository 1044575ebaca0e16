import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// What a verb loads decides how fast it starts (PERFORMANCE.md): `check` must not load what only a
// run uses. This is held by looking at which modules the process loaded, never by timing: a load hook
// lists every ESM file, `require.cache` every CommonJS one, and the bundle's chunks name the workspace
// sources they hold (esbuild's `// ../<package>/src/<file>` comments).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');

const hook = `export async function load(url, context, next) { if (url.startsWith('file:')) process._rawDebug('LOADED ' + url); return next(url, context); }`;
const tracer = [
  "import { createRequire, register } from 'node:module';",
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
  // require.cache is one table for the process: any base path reaches it (a data: URL cannot be one).
  "const cache = createRequire(process.cwd() + '/tracer.js').cache;",
  "process.on('exit', () => { for (const file of Object.keys(cache)) process._rawDebug('LOADED ' + file); for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) process._rawDebug('BUILTIN ' + m.slice(13)); });",
].join('\n');
const tracerImport = `data:text/javascript,${encodeURIComponent(tracer)}`;

interface Loaded {
  status: number | null;
  /** npm packages a file was loaded from (`undici`, `@scope/name`). */
  packages: Set<string>;
  /** Workspace sources, as `<package>/src/<file>`, inside the bundle chunks that were loaded. */
  sources: Set<string>;
  /** Node's own modules that were loaded (`child_process`, `internal/fs/promises`, …). */
  builtins: Set<string>;
  /** npm packages bundled into the chunks that were loaded (zod, yaml), from esbuild's `// …/node_modules/<name>/…` lines. */
  bundled: Set<string>;
}

function loadedBy(args: string[], cwd = repoRoot): Loaded & { stdout: string } {
  const result = spawnSync(process.execPath, ['--import', tracerImport, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const files = [...new Set(result.stderr.split('\n').flatMap((line) => (line.startsWith('LOADED ') ? [line.slice(7)] : [])))].map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f));
  const packages = new Set<string>();
  const sources = new Set<string>();
  const bundled = new Set<string>();
  for (const file of files) {
    const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1];
    if (pkg) packages.add(pkg.replace('\\', '/'));
    if (file.includes(`${path.sep}dist${path.sep}chunks${path.sep}`) || file === bin) {
      const text = readFileSync(file, 'utf8');
      for (const [, source] of text.matchAll(/^\/\/ (?:\.\.\/)+([\w-]+\/src\/[\w./-]+\.ts)$/gm)) sources.add(source as string);
      // An ES module package is named in a `// ../../node_modules/<name>/…` line, a CommonJS one (yaml) in its wrapper's key.
      for (const [, name] of text.matchAll(/^(?:\/\/ |\s*")(?:\.\.\/)+node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//gm)) bundled.add(name as string);
    }
  }
  const builtins = new Set(result.stderr.split('\n').flatMap((line) => (line.startsWith('BUILTIN ') ? [line.slice(8)] : [])));
  return { status: result.status, packages, sources, builtins, bundled, stdout: result.stdout };
}

/** What only running a stage needs: run-time libraries of the model stages, the HTTP client, the load generator. */
const RUN_TIME_PACKAGES = ['onnxruntime-node', 'undici', 'fflate', 'tinyglobby', 'protobufjs', 'sharp', 'execa', 'zx', 'listr2', 'echarts', 'prom-client', 'hdr-histogram-js'];
const runTimeSource = (source: string) =>
  /^stage-[\w-]+\/src\/run[\w-]*\.ts$/.test(source) ||
  /^(kserve-client|loadgen|accuracy|data|triton|triton-config|inspect|model-card|runner-onnxruntime|benchmark|tensorrt)\/src\//.test(source.replace(/^(accuracy\/src\/(config|statistics|report-schema)|data\/src\/params|runner-onnxruntime\/src\/(entry|load-ort)|benchmark\/src\/report-schema|tensorrt\/src\/(report\/schema|plan-header|version|drive\/options|runner\/runner-entry)|kserve-client\/src\/(codes|runner-entry|server-url|target-params|tls-settings)|inspect\/src\/operator-support)\.ts$/, 'light'));

describe('the trace sees what a process loads', () => {
  it('lists npm packages loaded as ESM and as CommonJS', () => {
    const control = loadedBy(['--input-type=module', '-e', "await import('undici'); await import('fflate');"]);
    expect(control.status).toBe(0);
    expect([...control.packages].sort()).toEqual(['fflate', 'undici']);
  });
});

describe('pipeline check loads stage definitions, not what the stages run with', () => {
  it('check of the example (7 stages, a literal ONNX model) loads no run-time library and no stage run', () => {
    const check = loadedBy([bin, 'check', 'pipelines/ocr-cls.yaml']);
    expect(check.status).toBe(0);
    // The trace does see the bundle: the plan and the definitions of the stages used. (The ONNX reader
    // loads too, unless the workspace's memo remembers the unchanged model's graph: ingest-memo.test.ts.)
    for (const source of ['core/src/plan/load-pipeline.ts', 'stage-validate/src/stage.ts', 'stage-benchmark/src/params.ts']) expect(check.sources).toContain(source);
    expect([...check.bundled].sort()).toEqual(['yaml', 'zod']);
    expect(RUN_TIME_PACKAGES.filter((pkg) => check.packages.has(pkg))).toEqual([]);
    expect([...check.sources].filter(runTimeSource)).toEqual([]);
  });

  it.each(['check', 'plan'])('%s of an exec pipeline does not load the ONNX library or the runner either', (verb) => {
    const check = loadedBy([bin, verb, 'pipelines/exec-example.yaml']);
    expect(check.status).toBe(0);
    expect(check.sources).toContain('stage-exec/src/exec-stage.ts');
    expect([...check.sources].filter((s) => s.startsWith('onnx/') || s.startsWith('tensor/') || runTimeSource(s))).toEqual([]);
    // Nor the runner: the scheduler, the content store and the run record are for `run` and `explain`.
    expect([...check.sources].filter((s) => s.startsWith('core/src/run/') && s !== 'core/src/run/file-hasher.ts' && !/^core\/src\/run\/(bundle-digest|canonical-json|hash-file|stat-memo|workspace-layout)\.ts$/.test(s))).toEqual([]);
    expect(RUN_TIME_PACKAGES.filter((pkg) => check.packages.has(pkg))).toEqual([]);
  });

  it('--help loads no verb and no part of the runner', () => {
    const help = loadedBy([bin, '--help']);
    expect(help.status).toBe(0);
    expect([...help.sources].filter((s) => !s.startsWith('cli/') && !s.startsWith('reports/'))).toEqual([]);
    expect([...help.packages]).toEqual([]);
    // Nor the libraries bundled for the verbs: zod (configured before a verb loads, not before --help) and yaml.
    expect([...help.bundled]).toEqual([]);
  });
});

describe('a cached re-run loads no stage run and no chart library', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'startup-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first run executes the stage (execa loads); the re-run takes it from the cache and loads neither execa nor ECharts', () => {
    writeFileSync(
      path.join(dir, 'p.yaml'),
      ['name: rerun', 'stages:', '  write:', '    uses: exec', '    with:', '      command: [node, -e, "require(\'node:fs\').writeFileSync(\'out.txt\', \'x\')"]', '      outputs: [out.txt]', ''].join('\n'),
    );
    const statuses = (run: { stdout: string }) => (JSON.parse(run.stdout) as { stages: { status: string }[] }).stages.map((s) => s.status);
    const first = loadedBy([bin, 'run', 'p.yaml', '--json'], dir);
    expect(first.status).toBe(0);
    expect(statuses(first)).toEqual(['succeeded']);
    expect(first.packages).toContain('execa');
    const again = loadedBy([bin, 'run', 'p.yaml', '--json'], dir);
    expect(again.status).toBe(0);
    expect(statuses(again)).toEqual(['cached']);
    // It starts no process, so it does not load Node's process machinery (child_process and the dgram it
    // brings) or readline either. (`net` is loaded anyway: this test reads the CLI's stdio through pipes.)
    expect(first.builtins).toContain('child_process');
    expect([...again.builtins].filter((m) => ['child_process', 'dgram', 'readline'].includes(m))).toEqual([]);
    expect(again.sources).toContain('core/src/run/run-plan.ts');
    // The run's report.html is still written (its DAG is plain SVG); ECharts loads only for a real chart.
    expect(RUN_TIME_PACKAGES.filter((pkg) => again.packages.has(pkg))).toEqual([]);
    expect([...again.sources].filter(runTimeSource)).toEqual([]);
  });
});
