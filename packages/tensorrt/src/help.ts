import { parseTrtexecStatusLine } from './log/command.js';
import { formatTensorrtVersion } from './version.js';

/** One flag as `trtexec --help` lists it. */
export interface TrtexecFlag {
  /** Without dashes: `memPoolSize`. */
  name: string;
  /** Other spellings on the same line (`vc` for `versionCompatible`, `h` for `help`). */
  aliases: string[];
  /** The placeholder after `=`, e.g. `N`, `spec`, `<file>`; absent for bare flags. */
  value?: string;
  /** The `=== … Options ===` section it is listed under. */
  section: string;
  /** The help text marks it deprecated. */
  deprecated: boolean;
  description: string;
}

export interface TrtexecFlagSet {
  /** From the `&&&& RUNNING … [TensorRT vNNNN]` line when the help text has one. */
  tensorrtVersion?: string;
  flags: Record<string, TrtexecFlag>;
}

/**
 * Flags removed in TensorRT 10 (trtexec then fails with `Unknown option`), with what to use instead.
 * 8.6 still parses some of them without listing them in its help (`--explicitBatch`, `--buildOnly`).
 * Source: the reference's flag table (sampleOptions.cpp of 8.6.1 and 10.x).
 */
export const REMOVED_TRTEXEC_FLAGS: Readonly<Record<string, string>> = {
  workspace: 'use --memPoolSize=workspace:<MiB> (a bare integer, in MiB)',
  explicitBatch: 'drop it: every network is explicit-batch in TensorRT 10',
  explicitPrecision: 'drop it: precision comes from Q/DQ nodes',
  buildOnly: 'use --skipInference',
  maxBatch: 'drop it and give --minShapes/--optShapes/--maxShapes',
  batch: 'give the batch in --shapes instead',
  minTiming: 'drop it (only --avgTiming remains)',
  heuristic: 'use --builderOptimizationLevel',
  nvtxMode: 'use --profilingVerbosity',
  uff: 'convert the model to ONNX',
  model: 'convert the Caffe model to ONNX',
  deploy: 'convert the Caffe model to ONNX',
  output: 'drop it: ONNX models name their outputs',
};

// `  --name[=value][, --alias|-a]…   description`: flags start in column 3 and the description
// follows the padding (a single space after very long names); continuation lines are indented
// further and carry no flag.
const FLAG_LINE = /^ {2}(--?[A-Za-z][\w-]*)(?:=(\S+))?((?:, ?--?[A-Za-z][\w-]*)*)(?:\s+(.*))?$/;

/** Reads `trtexec --help` (or bare `trtexec`) output into the flags that version accepts. */
export function trtexecFlags(helpText: string): TrtexecFlagSet {
  const set: TrtexecFlagSet = { flags: {} };
  let section = '';
  let last: TrtexecFlag | undefined;
  for (const raw of helpText.split(/\r?\n/)) {
    const status = parseTrtexecStatusLine(raw);
    if (status?.command.version) set.tensorrtVersion = formatTensorrtVersion(status.command.version);
    const header = /^=== (.+?) ===$/.exec(raw.trim());
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    const m = FLAG_LINE.exec(raw);
    if (!m) {
      if (last && /^\s{3,}\S/.test(raw)) last.description += ` ${raw.trim()}`;
      continue;
    }
    const name = (m[1] ?? '').replace(/^-+/, '');
    const aliases = (m[3] ?? '').split(',').map((a) => a.trim().replace(/^-+/, '')).filter((a) => a.length > 0);
    const description = (m[4] ?? '').trim();
    const flag: TrtexecFlag = { name, aliases, section, deprecated: /deprecated/i.test(description), description };
    if (m[2] !== undefined) flag.value = m[2];
    // A flag listed twice (10.16 lists --staticPlugins under two sections) keeps its first entry.
    set.flags[name] ??= flag;
    last = set.flags[name];
  }
  return set;
}

/** True when `name` (with or without dashes) is a flag or an alias in the help text's set. */
export function hasTrtexecFlag(set: TrtexecFlagSet, name: string): boolean {
  const bare = name.replace(/^-+/, '').split('=')[0] ?? '';
  if (set.flags[bare]) return true;
  return Object.values(set.flags).some((f) => f.aliases.includes(bare));
}
