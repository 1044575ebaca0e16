import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError, StageFailedError, UsageError } from '@pipeline/errors';
import type { Runner, RunOptions } from '@pipeline/runner';
import { decodeRaw, encodeRaw, isDType, parseRawBindingFileName, type Tensor, type TensorSpec } from '@pipeline/tensor';
import { buildTrtexecEngineRunArgv } from '../drive/bench-argv.js';
import type { DetectedTrtexec } from '../drive/detect.js';
import type { TrtexecLocation } from '../drive/locate.js';
import { runTrtexec, type TrtexecExec } from '../drive/run.js';
import { formatTensorrtVersion } from '../version.js';
import type { EngineBinding } from './settings.js';

/** trtexec's file-name-safe form of a tensor name (anything but letters, digits, `_`, `-`, `.` becomes `_`). */
const fileSafe = (name: string) => name.replace(/[^\w.-]/g, '_');

function specOf(binding: EngineBinding, engine: string): TensorSpec {
  if (!isDType(binding.dtype)) throw new InvalidInputError('E_TENSORRT_RUNNER_BINDING', `${engine}: binding ${binding.name} has element type ${binding.dtype}, which has no tensor type here`);
  return { name: binding.name, dtype: binding.dtype, shape: binding.shape === null ? undefined : [...binding.shape] };
}

export interface EngineRunnerParts {
  engine: string;
  bindings: readonly EngineBinding[];
  exec: TrtexecExec;
  location: TrtexecLocation;
  detected: DetectedTrtexec;
  scratchDir: string;
  timeoutMs: number;
}

/**
 * A `Runner` over a saved engine: each `run` is one trtexec process (trtexec takes one input set per
 * process) that loads the feeds from raw files (`--loadInputs`) and dumps every binding as raw bytes
 * (`--dumpRawBindingsToFile`), read back exactly — never the 6-digit `--exportOutput` text.
 */
export function createEngineRunner(parts: EngineRunnerParts): Runner {
  const inputs = parts.bindings.filter((b) => b.direction === 'input').map((b) => specOf(b, parts.engine));
  const outputs = parts.bindings.filter((b) => b.direction === 'output').map((b) => specOf(b, parts.engine));
  const dynamic = new Set(inputs.filter((s) => !s.shape || s.shape.some((d) => typeof d !== 'number')).map((s) => s.name));
  return {
    info: {
      backend: 'tensorrt',
      version: formatTensorrtVersion(parts.detected.version),
      executionProviders: [],
      details: { tool: 'trtexec', runner: parts.location.runner, ...(parts.location.runner === 'docker' ? { image: parts.location.image } : {}) },
    },
    inputs,
    outputs,
    async run(feeds: Readonly<Record<string, Tensor>>, options?: RunOptions) {
      options?.signal?.throwIfAborted();
      const dir = await mkdtemp(path.join(parts.scratchDir, 'trtexec-run-'));
      try {
        const loadInputs: Record<string, string> = {};
        const shapes: Record<string, number[]> = {};
        for (const [index, spec] of inputs.entries()) {
          const feed = feeds[spec.name];
          if (!feed) throw new InvalidInputError('E_TENSORRT_RUNNER_FEED', `no feed for engine input ${spec.name}`, { hint: `the engine takes ${inputs.map((s) => s.name).join(', ')}` });
          const file = path.join(dir, `input-${index}.raw`);
          await writeFile(file, encodeRaw(feed));
          loadInputs[spec.name] = file;
          // --shapes only for dynamic inputs: a static input's dims are the engine's own.
          if (dynamic.has(spec.name)) shapes[spec.name] = feed.shape;
        }
        const { argv, problems } = buildTrtexecEngineRunArgv({ loadEngine: parts.engine, shapes, loadInputs, dumpRawBindings: true, iterations: 1, warmUpMs: 0, durationSeconds: 0 }, parts.detected);
        if (problems.length > 0) throw new UsageError('E_TRTEXEC_OPTION', problems.map((p) => p.message).join('; '), { hint: problems[0]?.hint ?? '' });
        const outcome = await runTrtexec(parts.exec, parts.location, argv, { cwd: dir, mounts: [path.dirname(parts.engine), dir], timeoutMs: parts.timeoutMs });
        if (outcome.failure) {
          throw new StageFailedError('E_TRTEXEC_RUN', `trtexec could not run ${path.basename(parts.engine)} (${outcome.failure.class}): ${outcome.failure.summary}${outcome.failure.evidence.map((l) => `\n  ${l}`).join('')}\n  reproduce: ${outcome.repro}`, { hint: outcome.failure.hint });
        }
        return await readOutputs(dir, outputs, options?.outputs, outcome.repro);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    close: async () => {},
  };
}

/** The `<tensor>.output.<dims>.<type>.raw` files trtexec dumped, decoded with the shape and type their names give. */
async function readOutputs(dir: string, outputs: readonly TensorSpec[], wanted: readonly string[] | undefined, repro: string): Promise<Record<string, Tensor>> {
  const dumped = new Map<string, { file: string; parsed: NonNullable<ReturnType<typeof parseRawBindingFileName>> }>();
  for (const file of await readdir(dir)) {
    const parsed = parseRawBindingFileName(file);
    if (parsed?.direction === 'output') dumped.set(parsed.tensorName, { file, parsed });
  }
  const result: Record<string, Tensor> = {};
  for (const spec of outputs) {
    if (wanted && !wanted.includes(spec.name)) continue;
    const found = dumped.get(spec.name) ?? dumped.get(fileSafe(spec.name));
    if (!found) throw new StageFailedError('E_TRTEXEC_NO_OUTPUT', `trtexec passed but wrote no raw dump of output ${spec.name} (--dumpRawBindingsToFile)`, { hint: `reproduce: ${repro}` });
    result[spec.name] = decodeRaw(await readFile(path.join(dir, found.file)), found.parsed.dtype, found.parsed.shape, found.file);
  }
  return result;
}

export const defaultScratchDir = () => tmpdir();
