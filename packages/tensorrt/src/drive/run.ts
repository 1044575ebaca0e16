import { classifyTrtexecFailure, type TrtexecFailure } from '../failure.js';
import { createTrtexecLogParser } from '../log/parser.js';
import type { TrtexecLogEvent, TrtexecRun } from '../log/types.js';
import { type DetectedGpu, type DetectedTrtexec, detectTrtexecFromHelp, NVIDIA_SMI_GPU_QUERY, parseNvidiaSmiGpus } from './detect.js';
import { formatReproCommand, type TrtexecLocation, trtexecProcess } from './locate.js';

/** The part of a subprocess result this module reads (the SDK's `ExecResult` has these fields). */
export interface TrtexecExecResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** How trtexec is started: injected (the stage passes its cancellable `ctx.exec`; tests a fake). */
export type TrtexecExec = (
  file: string,
  args: readonly string[],
  options: { onLine?: (line: string, stream: 'stdout' | 'stderr') => void; reject: false; timeoutMs?: number; cwd?: string },
) => Promise<TrtexecExecResult>;

/** Why a trtexec run did not pass: the log's failure class, or what happened to the process. */
export interface TrtexecRunFailure {
  class: TrtexecFailure['class'] | 'timed-out' | 'killed';
  summary: string;
  hint: string;
  /** The log lines the verdict rests on (at most 8). */
  evidence: string[];
}

export interface TrtexecRunOutcome {
  run: TrtexecRun;
  exitCode: number | null;
  /** One shell line that runs the same thing by hand. */
  repro: string;
  failure?: TrtexecRunFailure;
}

export interface RunTrtexecOptions {
  /** Host folders trtexec reads or writes (bind-mounted for `runner: docker`). */
  mounts?: readonly string[];
  onEvent?: (event: TrtexecLogEvent) => void;
  timeoutMs?: number;
  /** The working folder (where `--dumpRawBindingsToFile` writes); the container's too for `runner: docker`. */
  cwd?: string;
}

function failureOf(result: TrtexecExecResult, run: TrtexecRun): TrtexecRunFailure | undefined {
  if (result.timedOut) return { class: 'timed-out', summary: 'trtexec did not finish in time and was killed', hint: 'raise the stage’s timeout (engine builds of large models take minutes), or lower builder_optimization_level', evidence: [] };
  if (result.exitCode === 0 && run.outcome === 'passed') return undefined;
  const classified = classifyTrtexecFailure(run);
  if (result.signal && (!classified || classified.class === 'crash' || classified.class === 'incomplete-log')) {
    return { class: 'killed', summary: `trtexec was ended by ${result.signal} before it printed its end line`, hint: 'a killed build is often the kernel’s out-of-memory killer: check dmesg, free host memory, or lower workspace', evidence: (classified?.evidence ?? []).slice(0, 8) };
  }
  if (classified) return { class: classified.class, summary: classified.summary, hint: classified.hint, evidence: classified.evidence.slice(0, 8) };
  return { class: 'unknown', summary: `trtexec exited with ${result.exitCode} although its log says ${run.outcome}`, hint: 'read the stage log', evidence: [] };
}

/** Runs trtexec with `argv`, streaming every line through the log parser as it arrives. */
export async function runTrtexec(exec: TrtexecExec, location: TrtexecLocation, argv: readonly string[], options: RunTrtexecOptions = {}): Promise<TrtexecRunOutcome> {
  const parser = createTrtexecLogParser(options.onEvent ? { onEvent: options.onEvent } : {});
  const proc = trtexecProcess(location, argv, options.mounts, options.cwd);
  const execOptions: Parameters<TrtexecExec>[2] = { reject: false, onLine: (line, stream) => parser.push(`${line}\n`, stream) };
  if (options.timeoutMs !== undefined) execOptions.timeoutMs = options.timeoutMs;
  if (options.cwd !== undefined) execOptions.cwd = options.cwd;
  const result = await exec(proc.file, proc.args, execOptions);
  const run = parser.end();
  const outcome: TrtexecRunOutcome = { run, exitCode: result.exitCode, repro: formatReproCommand(proc.file, proc.args) };
  const failure = failureOf(result, run);
  if (failure) outcome.failure = failure;
  return outcome;
}

/** Runs `trtexec --help` and reads its banner and flags; undefined when the output has no banner. */
export async function detectTrtexec(exec: TrtexecExec, location: TrtexecLocation): Promise<DetectedTrtexec | undefined> {
  const proc = trtexecProcess(location, ['--help']);
  const result = await exec(proc.file, proc.args, { reject: false, timeoutMs: 60_000 });
  return detectTrtexecFromHelp(`${result.stdout}\n${result.stderr}`);
}

/** Asks nvidia-smi (inside the image for `runner: docker`) for the GPU's name and compute capability. */
export async function detectGpu(exec: TrtexecExec, location: TrtexecLocation, device = 0): Promise<DetectedGpu | undefined> {
  const args = [...NVIDIA_SMI_GPU_QUERY];
  const proc = location.runner === 'local' ? { file: 'nvidia-smi', args } : { file: location.docker, args: ['run', '--rm', `--gpus=${location.gpus}`, '--entrypoint', 'nvidia-smi', location.image, ...args] };
  try {
    const result = await exec(proc.file, proc.args, { reject: false, timeoutMs: 60_000 });
    return result.exitCode === 0 ? parseNvidiaSmiGpus(result.stdout, device) : undefined;
  } catch {
    return undefined;
  }
}
