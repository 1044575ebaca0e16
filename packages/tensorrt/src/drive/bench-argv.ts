import { describeTarget, type TrtexecTarget, trtexecHasFlag } from './gate.js';
import type { TrtexecOptionProblem } from './options.js';

/** A timing run of a saved engine (`trtexec --loadEngine`). */
export interface TrtexecEngineRunOptions {
  loadEngine: string;
  /** Input name → dims for dynamic inputs (`--shapes`). */
  shapes?: Readonly<Record<string, readonly number[]>>;
  /** Input name → raw file in the input's dtype (`--loadInputs`). */
  loadInputs?: Readonly<Record<string, string>>;
  /** Write every binding as a raw file in the working folder (`--dumpRawBindingsToFile`). */
  dumpRawBindings?: boolean;
  iterations?: number;
  durationSeconds?: number;
  warmUpMs?: number;
  /** Per-layer profile: adds `--dumpProfile --separateProfileRun` so the summary is still printed. */
  profile?: boolean;
  exportTimes?: string;
  exportProfile?: string;
}

const quoteName = (name: string) => (name.includes(':') ? `'${name}'` : name);

/** Engine run options → argv (`--key=value` only, flags the target has). */
export function buildTrtexecEngineRunArgv(options: TrtexecEngineRunOptions, target: TrtexecTarget): { argv: string[]; problems: TrtexecOptionProblem[] } {
  const argv = [`--loadEngine=${options.loadEngine}`];
  const shapes = Object.entries(options.shapes ?? {});
  if (shapes.length > 0) argv.push(`--shapes=${shapes.map(([n, d]) => `${quoteName(n)}:${d.join('x')}`).join(',')}`);
  const inputs = Object.entries(options.loadInputs ?? {});
  if (inputs.length > 0) argv.push(`--loadInputs=${inputs.map(([n, f]) => `${quoteName(n)}:${f}`).join(',')}`);
  if (options.dumpRawBindings) argv.push('--dumpRawBindingsToFile');
  if (options.iterations !== undefined) argv.push(`--iterations=${options.iterations}`);
  if (options.durationSeconds !== undefined) argv.push(`--duration=${options.durationSeconds}`);
  if (options.warmUpMs !== undefined) argv.push(`--warmUp=${options.warmUpMs}`);
  // Without --separateProfileRun, profiling suppresses the performance summary and --exportTimes.
  if (options.profile) argv.push('--dumpProfile', '--separateProfileRun');
  if (options.exportTimes !== undefined) argv.push(`--exportTimes=${options.exportTimes}`);
  if (options.exportProfile !== undefined) argv.push(`--exportProfile=${options.exportProfile}`);
  const problems: TrtexecOptionProblem[] = [];
  for (const arg of argv) {
    const name = arg.replace(/^--/, '').split('=')[0] ?? '';
    if (!trtexecHasFlag(target, name)) problems.push({ field: name, message: `--${name} is not a flag of ${describeTarget(target)}`, hint: 'use a trtexec that has it' });
  }
  return { argv, problems };
}
