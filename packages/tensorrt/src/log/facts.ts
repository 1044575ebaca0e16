import type { TrtexecLogLine } from './line.js';
import { parseCppNumber } from './performance.js';
import type { TrtexecBinding, TrtexecLogEvent, TrtexecPhase, TrtexecPhaseName, TrtexecRun } from './types.js';

type Emit = (event: TrtexecLogEvent) => void;

/** `1x1x28x28` → [1, 1, 28, 28]; a scalar prints as an empty string or `scalar`. */
export function parseDims(shape: string): number[] {
  if (shape === '' || shape === 'scalar') return [];
  return shape.split('x').map((d) => Number(d));
}

function phase(run: TrtexecRun, name: TrtexecPhaseName): TrtexecPhase {
  run.phases[name] ??= { started: false, finished: false };
  return run.phases[name];
}

function startPhase(run: TrtexecRun, name: TrtexecPhaseName, emit: Emit): void {
  phase(run, name).started = true;
  emit({ type: 'phase', phase: name, status: 'started' });
}

function finishPhase(run: TrtexecRun, name: TrtexecPhaseName, seconds: number | undefined, emit: Emit): void {
  const p = phase(run, name);
  p.started = true;
  p.finished = true;
  if (seconds !== undefined) p.seconds = seconds;
  emit(seconds === undefined ? { type: 'phase', phase: name, status: 'finished' } : { type: 'phase', phase: name, status: 'finished', seconds });
}

/** One fact-bearing line pattern: a regex over the message and what it records. */
type Fact = [RegExp, (m: RegExpExecArray, run: TrtexecRun, emit: Emit) => void];

const num = (m: RegExpExecArray, i: number) => parseCppNumber(m[i] ?? '');

// trtexec's own `[I]` lines (sampleEngines.cpp, sampleInference.cpp, sampleReporting.cpp), plus the
// few TensorRT-library lines that carry build facts. Every version's wording that differs is listed.
const TRTEXEC_FACTS: Fact[] = [
  [/^TensorRT version: (\S+)/, (m, run, emit) => {
    run.tensorrtVersion = m[1] ?? '';
    emit({ type: 'tensorrt-version', version: run.tensorrtVersion });
  }],
  [/^Start parsing network model/, (_m, run, emit) => startPhase(run, 'parse', emit)],
  [/^Finish(?:ed)? parsing network model(?:\. Parse time: (\S+))?/, (m, run, emit) =>
    finishPhase(run, 'parse', m[1] === undefined ? undefined : num(m, 1), emit)],
  [/^Created engine with size: (\S+) MiB/, (m, run, emit) => {
    run.engine.sizeMiB = num(m, 1);
    emit({ type: 'engine-size', source: 'created', mib: run.engine.sizeMiB });
  }],
  [/^Engine built in (\S+) sec/, (m, run, emit) => finishPhase(run, 'build', num(m, 1), emit)],
  [/^Loaded engine with size: (\S+) MiB/, (m, run, emit) => {
    run.engine.sizeMiB = num(m, 1);
    emit({ type: 'engine-size', source: 'loaded', mib: run.engine.sizeMiB });
  }],
  [/^Engine loaded in (\S+) sec/, (m, run) => {
    run.engine.fileLoadSeconds = num(m, 1);
  }],
  [/^Engine deserialized in (\S+) sec/, (m, run, emit) => finishPhase(run, 'load', num(m, 1), emit)],
  [/^Created execution context with device memory size: (\S+) MiB/, (m, run) => {
    run.engine.contextMemoryMiB = num(m, 1);
  }],
  [/^Plan was created with TensorRT version (\S+)/, (m, run) => {
    run.engine.planVersion = m[1] ?? '';
  }],
  [/^Using random values for input (.+)$/, (m, run) => {
    run.inputs.push({ name: m[1] ?? '', source: 'random' });
  }],
  [/^Using values loaded from (.+) for input (.+)$/, (m, run) => {
    run.inputs.push({ name: m[2] ?? '', source: 'file', file: m[1] ?? '' });
  }],
  [/^(Input|Output) binding for (.+?) with dimensions (\S*)(?: and type (\S+))? is created\.?$/, (m, run, emit) => {
    const binding: TrtexecBinding = {
      direction: m[1] === 'Input' ? 'input' : 'output',
      name: m[2] ?? '',
      shape: m[3] ?? '',
      dims: parseDims(m[3] ?? ''),
    };
    if (m[4] !== undefined) binding.dtype = m[4];
    run.bindings.push(binding);
    emit({ type: 'binding', binding });
  }],
  [/^Set shape of input tensor (.+?) for optimization profile (\d+) to: (.+)$/, (m, run) => {
    run.shapes.push({ name: m[1] ?? '', profile: num(m, 2), shape: m[3] ?? '' });
  }],
  [/^Set shape of input tensor (.+?) to: (.+)$/, (m, run) => {
    run.shapes.push({ name: m[1] ?? '', shape: m[2] ?? '' });
  }],
  [/^Starting inference/, (_m, run, emit) => startPhase(run, 'inference', emit)],
  [/^Warmup completed (\d+) queries over (\S+) ms/, (m, run) => {
    run.inference.warmupQueries = num(m, 1);
    run.inference.warmupMs = num(m, 2);
  }],
  [/^Timing trace has (\d+) queries over (\S+) s/, (m, run, emit) => {
    run.inference.timedQueries = num(m, 1);
    run.inference.timedSeconds = num(m, 2);
    finishPhase(run, 'inference', run.inference.timedSeconds, emit);
  }],
  [/^Skipped inference phase/, (_m, run, emit) => {
    run.inference.skipped = true;
    emit({ type: 'phase', phase: 'inference', status: 'skipped' });
  }],
  [/^The e2e network timing is not reported(.*)$/, (m, run) => {
    run.inference.summaryOmittedReason = `The e2e network timing is not reported${m[1] ?? ''}`;
  }],
];

const LIBRARY_FACTS: Fact[] = [
  [/^Engine generation completed in (\S+) seconds/, (m, run) => {
    run.engine.generationSeconds = num(m, 1);
  }],
  [/^Loaded engine size: (\S+) MiB/, (m, run, emit) => {
    run.engine.loadedSizeMiB = num(m, 1);
    emit({ type: 'engine-size', source: 'loaded', mib: run.engine.loadedSizeMiB });
  }],
];

/** Records the fact an `[I]` line carries, if any; other lines are ignored. */
export function applyInfoFact(run: TrtexecRun, line: TrtexecLogLine, emit: Emit): void {
  for (const [pattern, apply] of line.trt ? LIBRARY_FACTS : TRTEXEC_FACTS) {
    const m = pattern.exec(line.message);
    if (m) {
      apply(m, run, emit);
      return;
    }
  }
}
