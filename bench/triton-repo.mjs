// Reading and validating a 1,000-model Triton repository (configs only): `node bench/triton-repo.mjs`
// (build first: npx tsc -b packages/triton-config). The repository mixes the shapes real ones have:
// ONNX Runtime models with dynamic batching and instance groups, TensorRT models with profiles,
// sequence models, and ensembles over the others (each with its version folder). Prints the median
// of 5 runs of readModelRepository + validateModelRepository, and the text-format reader alone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const { parseModelConfig, readModelRepository, validateModelRepository } = await import(join(repoRoot, 'packages/triton-config/dist/index.js'));

const MODELS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'bench-triton-repo-'));

function config(i) {
  const kind = i % 10;
  const name = `m${String(i).padStart(4, '0')}`;
  const io = ioFor(i);
  if (kind === 9 && i >= 2) {
    // The ensemble's tensors must agree with its step's (Triton's consistency rule); they take a
    // reshape's shape, so the ensemble's inputs carry none.
    const plain = ioFor(i - 1).replace(' reshape { shape: [ 4, 4 ] }', '');
    const a = `m${String(i - 1).padStart(4, '0')}`;
    return [
      name,
      `name: "${name}"\nplatform: "ensemble"\nmax_batch_size: 8\n${plain}ensemble_scheduling {\n  step [\n    { model_name: "${a}" model_version: -1 input_map { key: "INPUT0" value: "INPUT0" } input_map { key: "INPUT1" value: "INPUT1" } output_map { key: "OUTPUT0" value: "OUTPUT0" } }\n  ]\n}\n`,
    ];
  }
  return plainModel(kind, name, io);
}

function ioFor(i) {
  return `input [
  { name: "INPUT0" data_type: TYPE_FP32 dims: [ 3, -1, -1 ] },
  { name: "INPUT1" data_type: TYPE_INT64 dims: [ 16 ] reshape { shape: [ 4, 4 ] } }
]
output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ ${(i % 7) + 1}, -1 ] } ]
`;
}

/** The non-ensemble models: TensorRT with two profiles, sequence batching, ONNX Runtime with dynamic batching. */
function plainModel(kind, name, io) {
  if (kind === 3)
    return [name, `# a TensorRT model\nname: "${name}"\nplatform: "tensorrt_plan"\nmax_batch_size: 16\n${io}instance_group [ { kind: KIND_GPU count: 1 profile: [ "0" ] }, { kind: KIND_GPU count: 1 profile: [ "1" ] } ]\ndynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }\n`];
  if (kind === 5)
    return [name, `name: "${name}"\nbackend: "onnxruntime"\nmax_batch_size: 8\nsequence_batching {\n  control_input [ { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] } ]\n}\n${io}`];
  return [
    name,
    `name: "${name}"\nbackend: "onnxruntime"\nmax_batch_size : 8\n${io}dynamic_batching { }\ninstance_group [ { count: 2, kind: KIND_CPU } ]\nparameters { key: "intra_op_thread_count" value: { string_value: "1" } }\n`,
  ];
}

for (let i = 0; i < MODELS; i++) {
  const [name, text] = config(i);
  mkdirSync(join(dir, name, '1'), { recursive: true });
  writeFileSync(join(dir, name, 'config.pbtxt'), text);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const whole = [];
let problems = 0;
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const repo = await readModelRepository(dir);
  const result = validateModelRepository(repo, { gpus: [0] });
  whole.push(performance.now() - t0);
  problems = result.diagnostics.filter((d) => d.severity === "error").length;
}
const texts = Array.from({ length: MODELS }, (_, i) => readFileSync(join(dir, config(i)[0], 'config.pbtxt'), 'utf8'));
const parseOnly = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  for (const text of texts) parseModelConfig(text);
  parseOnly.push(performance.now() - t0);
}
rmSync(dir, { recursive: true, force: true });
if (problems !== 0) throw new Error(`the generated repository should be valid, found ${problems} problem(s)`);
console.log(`triton repository: ${MODELS} models (configs only)`);
console.log(`  read + validate   median ${median(whole).toFixed(1)} ms, best ${Math.min(...whole).toFixed(1)} ms  (runs: ${whole.map((t) => t.toFixed(0)).join(', ')} ms)`);
console.log(`  text-format only  median ${median(parseOnly).toFixed(1)} ms  (${((median(parseOnly) / MODELS) * 1000).toFixed(1)} µs per config)`);
