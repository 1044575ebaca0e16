import type { CommandEntry } from '../io.js';

/**
 * Every verb of the CLI. Verb names and flags are a contract with users' scripts and CI: keep them.
 * One file per verb, imported only when that verb runs: `pipeline --help`, `--version` and a mistyped
 * verb load none of them (cold start). Add a verb by adding its file and one entry here. `pipeline
 * --help` lists them in this order, the order users meet them: run a file, check and look at it, what
 * is installed, the workspace, then the tools that work without a pipeline file.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'run', summary: 'Run a pipeline: stages as a DAG, cached by content, with a run record in .pipeline/runs/', load: async () => (await import('./run.js')).runCommand },
  { name: 'report', summary: 'Write a run’s self-contained HTML report (DAG, gates, accuracy, performance, charts) from its run.json', load: async () => (await import('./report.js')).reportCommand },
  { name: 'compare', summary: 'Put two runs’ figures side by side with deltas (latency, throughput, accuracy, sizes, times), as a table, JSON or HTML', load: async () => (await import('./compare.js')).compareCommand },
  { name: 'check', summary: 'Check a pipeline file (YAML, schema, stages, references, kinds, cycles) without running it', load: async () => (await import('./check.js')).checkCommand },
  { name: 'plan', summary: 'Show the checked DAG after matrix expansion, with each stage’s resolved inputs and params', load: async () => (await import('./plan.js')).planCommand },
  { name: 'explain', summary: 'Say whether a stage would come from the cache, and which input, param or tool changed', load: async () => (await import('./explain.js')).explainCommand },
  { name: 'stages', summary: 'List installed stages with their inputs, params and outputs', load: async () => (await import('./stages.js')).stagesCommand },
  { name: 'schema', summary: 'Print (or write) the JSON Schema of pipeline files, with each installed stage’s `with:`', load: async () => (await import('./schema.js')).schemaCommand },
  { name: 'doctor', summary: 'List the external tools the installed stages’ probes look for: found or not, version, what they unlock', load: async () => (await import('./doctor.js')).doctorCommand },
  { name: 'cache', summary: 'List or prune the content-addressed cache of a workspace', load: async () => (await import('./cache.js')).cacheCommand },
  { name: 'inspect', summary: 'Show an ONNX model’s IO, ops, parameters and TensorRT-compatibility findings', load: async () => (await import('./inspect.js')).inspectCommand },
  { name: 'check-repo', summary: 'Check a Triton model repository with Triton’s own rules: config.pbtxt syntax and fields, dims, batching, instance groups, ensembles, model files', load: async () => (await import('./check-repo.js')).checkRepoCommand },
  { name: 'import', summary: 'Turn an existing trtexec log or perf_analyzer output into report artifacts (trtexec-report, benchmark-report)', load: async () => (await import('./import.js')).importCommand },
  { name: 'serve', summary: 'Serve a model repository over the KServe v2 / Triton HTTP protocol with ONNX Runtime (a development and CI stand-in, not Triton)', load: async () => (await import('./serve.js')).serveCommand },
];
