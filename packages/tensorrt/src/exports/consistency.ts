import type { TrtexecLayerProfile, TrtexecRun } from '../log/types.js';
import type { TrtexecLayerInfoFile } from './layer-info.js';
import type { TrtexecTimingRecord } from './times.js';

export type TrtexecExportWarningCode =
  | 'W_EXPORT_NOT_REQUESTED'
  | 'W_EXPORT_LAYER_NAMES'
  | 'W_EXPORT_PROFILE_ITERATIONS'
  | 'W_EXPORT_BINDINGS'
  | 'W_EXPORT_BINDING_SHAPE'
  | 'W_EXPORT_TIMES_COUNT'
  | 'W_EXPORT_TIMES_NOT_WRITTEN';

/** A sign that an export file does not come from the run the log records. */
export interface TrtexecExportWarning {
  code: TrtexecExportWarningCode;
  /** Which file: `times`, `profile` or `layers` (the `--exportTimes/--exportProfile/--exportLayerInfo` file). */
  file: 'times' | 'profile' | 'layers';
  message: string;
  hint: string;
}

export interface TrtexecExports {
  times?: TrtexecTimingRecord[];
  profile?: TrtexecLayerProfile;
  layerInfo?: TrtexecLayerInfoFile;
}

const FLAG_OF = { times: 'exportTimes', profile: 'exportProfile', layers: 'exportLayerInfo' } as const;
const SAME_RUN = 'give the export files written by the run this log records (same trtexec command), or import them without this log';
const MAX_NAMES = 3;

const listed = (names: string[]) => `${names.slice(0, MAX_NAMES).map((n) => `"${n}"`).join(', ')}${names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : ''}`;

/**
 * Checks export files against the log they are imported with, and against each other: each check runs
 * only when both sides say something (a log excerpt without a command, layer table or timing trace is
 * not held against a file). Everything compared is what trtexec printed or wrote, never inferred.
 */
export function checkTrtexecExports(run: TrtexecRun, exports: TrtexecExports): TrtexecExportWarning[] {
  const warnings: TrtexecExportWarning[] = [];
  const warn = (code: TrtexecExportWarningCode, file: TrtexecExportWarning['file'], message: string, hint = SAME_RUN) => warnings.push({ code, file, message, hint });
  const command = run.start ?? run.end;
  const given = { times: exports.times, profile: exports.profile, layers: exports.layerInfo };
  for (const file of ['times', 'profile', 'layers'] as const) {
    if (given[file] && command && !command.flags.some((f) => f.name === FLAG_OF[file])) {
      warn('W_EXPORT_NOT_REQUESTED', file, `the log's command has no --${FLAG_OF[file]}, so this run wrote no such file`);
    }
  }

  // Layer names: the log's --dumpLayerInfo block, else its --dumpProfile table, else the other export file.
  const logLayers = run.layerInfo?.layers ?? run.profile?.layers.map((l) => l.name);
  const fileLayers = exports.layerInfo?.layers.map((l) => l.name);
  const compareLayers = (file: 'profile' | 'layers', names: string[], reference: string[] | undefined, what: string) => {
    if (!reference || reference.length === 0 || names.length === 0) return;
    const known = new Set(reference);
    const missing = names.filter((n) => !known.has(n));
    if (missing.length > 0) warn('W_EXPORT_LAYER_NAMES', file, `${missing.length} of ${names.length} layer(s) are not in ${what}: ${listed(missing)}`);
  };
  if (exports.layerInfo) compareLayers('layers', fileLayers ?? [], logLayers, "the log's layer information");
  if (exports.profile) {
    const names = exports.profile.layers.map((l) => l.name);
    compareLayers('profile', names, logLayers ?? fileLayers, logLayers ? "the log's layer information" : 'the --exportLayerInfo file');
    const printed = run.profile?.iterations;
    const written = exports.profile.iterations;
    if (printed !== undefined && written !== undefined && printed !== written) {
      warn('W_EXPORT_PROFILE_ITERATIONS', 'profile', `the file profiles ${written} iterations, the log's profile ${printed}`);
    }
  }

  // Bindings: names from the log's binding lines (or its layer dump) against the layer-info file's list.
  const logBindings = run.bindings.length > 0 ? run.bindings.map((b) => b.name) : run.layerInfo?.bindings;
  if (exports.layerInfo && logBindings && logBindings.length > 0 && exports.layerInfo.bindings.length > 0) {
    const a = [...logBindings].sort().join('\n');
    const b = [...exports.layerInfo.bindings].sort().join('\n');
    if (a !== b) warn('W_EXPORT_BINDINGS', 'layers', `the file's bindings (${listed(exports.layerInfo.bindings)}) are not the log's (${listed(logBindings)})`);
  }
  if (exports.layerInfo) {
    // Shapes: a binding's static dims in the detailed file against the log's `… binding for x with dimensions …`.
    const dimsInFile = new Map<string, number[]>();
    for (const layer of exports.layerInfo.layers) for (const t of [...layer.inputs, ...layer.outputs]) if (t.dimensions && !dimsInFile.has(t.name)) dimsInFile.set(t.name, t.dimensions);
    for (const binding of run.bindings) {
      const dims = dimsInFile.get(binding.name);
      // -1 marks a dynamic dim in the file; the log then shows the runtime shape, which may differ.
      if (!dims || dims.some((d) => d < 0)) continue;
      if (dims.join('x') !== binding.dims.join('x')) {
        warn('W_EXPORT_BINDING_SHAPE', 'layers', `binding ${binding.name} is ${dims.join('x')} in the file but ${binding.shape} in the log`);
      }
    }
  }

  if (exports.times) {
    const timed = run.inference.timedQueries;
    if (run.inference.summaryOmittedReason !== undefined) {
      warn('W_EXPORT_TIMES_NOT_WRITTEN', 'times', 'the log printed no performance summary (profiling without --separateProfileRun), and trtexec writes --exportTimes only with one');
    } else if (timed !== undefined && timed !== exports.times.length) {
      warn('W_EXPORT_TIMES_COUNT', 'times', `the file has ${exports.times.length} timed iteration(s), the log's timing trace ${timed}`);
    }
  }
  return warnings;
}
