import { REMOVED_TRTEXEC_FLAGS } from './help.js';
import type { TrtexecDiagnosticLine, TrtexecRun } from './log/types.js';

export type TrtexecFailureClass =
  | 'unknown-option'
  | 'invalid-option-value'
  | 'onnx-parse-error'
  | 'unsupported-operator'
  | 'out-of-memory'
  | 'builder-failure'
  | 'incompatible-plan'
  | 'shape-mismatch'
  | 'inference-error'
  | 'crash'
  | 'incomplete-log'
  | 'unknown';

/** Why a trtexec run failed, with what a user can do about it and the lines that show it. */
export interface TrtexecFailure {
  class: TrtexecFailureClass;
  /** One line: what went wrong. */
  summary: string;
  /** What to do next. */
  hint: string;
  /** The failing ONNX node, operator or option when the log names one. */
  node?: { index?: number; op?: string; output?: string; name?: string };
  /** TensorRT's `Error Code N` when printed. */
  errorCode?: number;
  /** The log lines the verdict rests on (message text, continuation lines joined). */
  evidence: string[];
}

const text = (d: TrtexecDiagnosticLine) => [d.message, ...d.continuation].join('\n');
const find = (lines: TrtexecDiagnosticLine[], pattern: RegExp) => lines.find((d) => pattern.test(text(d)));
const errorCodeOf = (lines: TrtexecDiagnosticLine[]) => {
  for (const d of lines) {
    const m = /Error Code (\d+)/.exec(d.message);
    if (m) return Number(m[1]);
  }
  return undefined;
};

function unknownOptionHint(run: TrtexecRun): string {
  const advice = run.unknownOptions.map(({ flag }) => {
    const name = flag.replace(/^-+/, '');
    if (!flag.startsWith('-')) return `"${flag}" is a value given after a space: write --key=${flag} (trtexec reads only --key=value)`;
    const removed = REMOVED_TRTEXEC_FLAGS[name];
    return removed ? `--${name} was removed in TensorRT 10: ${removed}` : `--${name} is not a flag of this trtexec (see trtexec --help)`;
  });
  return advice.join('; ');
}

type Rule = (run: TrtexecRun, errors: TrtexecDiagnosticLine[]) => TrtexecFailure | undefined;

// Ordered: a more specific cause wins over the generic chain lines every failure ends with
// ("Failed to create engine from model or file.", "Engine set up failed").
const RULES: Rule[] = [
  (run) => {
    if (run.unknownOptions.length === 0) return undefined;
    const flags = run.unknownOptions.map((u) => u.flag);
    return {
      class: 'unknown-option',
      summary: `trtexec rejected ${flags.join(', ')}`,
      hint: unknownOptionHint(run),
      node: { name: flags[0] ?? '' },
      evidence: run.errors.filter((d) => d.message.startsWith('Unknown option')).map(text),
    };
  },
  (_run, errors) => {
    const hit =
      find(errors, /kPLAN_MAGIC_TAG|incompatible serialization version|not compatible with this version of TensorRT|Version tag does not match|stdVersionRead == serializationVersion/) ??
      find(errors, /generated on an incompatible device|incompatible device/);
    if (!hit) return undefined;
    const device = /incompatible device/.test(text(hit));
    const versions = /expecting library version (\S+) got (\S+?),/.exec(text(hit));
    return {
      class: 'incompatible-plan',
      summary: device
        ? 'the engine was built for another GPU (compute capability)'
        : versions
          ? `the engine was built by TensorRT ${versions[2]} but this runtime is ${versions[1]}`
          : 'the engine was built by a different TensorRT version (serialization tag mismatch)',
      hint: device
        ? 'rebuild the engine on the target GPU model, or build with --hardwareCompatibilityLevel=ampere+ (Ampere and newer)'
        : 'rebuild the engine with the same TensorRT version as the runtime that loads it (for Triton: the trtexec inside tritonserver:YY.MM-py3, or nvcr.io/nvidia/tensorrt:YY.MM-py3 of the same YY.MM); `pipeline` reads the plan header to tell which version built it',
      evidence: [text(hit)],
    };
  },
  (_run, errors) => {
    const hit = find(errors, /No importer registered for op: (\S+)|could not find plugin:? ?(\S+)|Plugin not found/);
    if (!hit) return undefined;
    const all = errors.map(text).join('\n');
    const m = /No importer registered for op: (\S+?)\.?(?:\s|$)|could not find plugin:? ?(\S+)/.exec(all);
    const op = m?.[1] ?? m?.[2] ?? /While parsing node number \d+ \[([^\s\]]+)/.exec(all)?.[1];
    return {
      class: 'unsupported-operator',
      summary: op ? `TensorRT has no importer or plugin for the ONNX operator ${op}` : 'TensorRT could not find a plugin for an ONNX operator',
      hint: `${op ?? 'the operator'} is not supported by this TensorRT's ONNX parser: load a plugin that implements it (--staticPlugins=lib.so or --dynamicPlugins=lib.so), or re-export the model without it (another opset, or replace the op), then check TensorRT's ONNX operator support matrix`,
      ...(op ? { node: { op } } : {}),
      evidence: errors.filter((d) => /importer|plugin|Plugin/i.test(d.message)).map(text),
    };
  },
  (_run, errors) => {
    const hit = find(errors, /While parsing node number|Failed to parse onnx file|Parsing model failed|ModelImporter\.cpp|onnx2trt/);
    if (!hit) return undefined;
    const nodeLine = find(errors, /While parsing node number/);
    const m = nodeLine && /While parsing node number (\d+) \[([^\s\]]+)(?: -> "(.*)")?\]/.exec(nodeLine.message);
    const cause = errors.map(text).find((t) => /Assertion failed|ERROR:|Invalid Node|\[\d+\]/.test(t));
    const failure: TrtexecFailure = {
      class: 'onnx-parse-error',
      summary: m ? `the ONNX parser failed on node ${m[1]} (${m[2]})` : 'the ONNX parser failed',
      hint: `${cause ? `parser says: ${cause.split('\n').at(-1)?.trim()}. ` : ''}Fix or simplify that node (polygraphy surgeon sanitize --fold-constants), check the opset against this TensorRT's ONNX support matrix, and re-export the model`,
      evidence: errors.slice(0, 8).map(text),
    };
    if (m) failure.node = { index: Number(m[1]), op: m[2] ?? '', ...(m[3] !== undefined ? { output: m[3] } : {}) };
    return failure;
  },
  (_run, errors) => {
    const hit = find(errors, /out of memory|OutOfMemory|cudaErrorMemoryAllocation|Requested amount of GPU memory|insufficient memory|std::bad_alloc|failed to allocate/i);
    if (!hit) return undefined;
    return {
      class: 'out-of-memory',
      summary: 'the GPU (or host) ran out of memory',
      hint: 'free the GPU (other processes), lower --maxShapes / batch size, or cap the builder with --memPoolSize=workspace:<MiB>; INT8/FP16 engines also need less memory',
      evidence: [text(hit)],
    };
  },
  (_run, errors) => {
    const hit = find(errors, /Static dimension mismatch|setInputShape|setBindingDimensions|not within the (optimization )?profile|Dynamic dimensions required/i);
    if (!hit) return undefined;
    return {
      class: 'shape-mismatch',
      summary: 'the input shapes given do not fit the engine (static dims, or outside its optimization profile)',
      hint: 'give --shapes within the engine\'s profile (min ≤ shape ≤ max per dim); a static engine accepts only the shape it was built with. To run other shapes, rebuild with --minShapes/--optShapes/--maxShapes covering them',
      evidence: [text(hit), ...errors.filter((d) => /Inference set up failed/.test(d.message)).map(text)],
    };
  },
  (_run, errors) => {
    const hit = find(errors, /Engine could not be created|Building engine failed|buildSerializedNetwork|Network validation failed/);
    if (!hit) return undefined;
    const first = errors.find((d) => /Error Code|Error\[\d+\]/.test(d.message)) ?? hit;
    const where = /\[([\w.]+::\w+)::\d+\]/.exec(first.message)?.[1];
    return {
      class: 'builder-failure',
      summary: `the TensorRT builder failed${where ? ` in ${where}` : ''}`,
      hint: 'try another precision (drop --fp16/--int8 or use --stronglyTyped), a different --builderOptimizationLevel, or a newer TensorRT; rerun with --verbose to see the layer it failed on, and simplify that part of the model (polygraphy surgeon sanitize --fold-constants)',
      ...(where ? { node: { name: where } } : {}),
      evidence: [text(first), text(hit)],
    };
  },
  (_run, errors) => {
    const hit = find(errors, /Error occurred during inference|Inference set up failed|Uncaught exception|Engine set up failed|Got invalid engine/);
    if (!hit) return undefined;
    return {
      class: 'inference-error',
      summary: 'inference failed',
      hint: 'read the first error line above; rerun with --verbose, and check the inputs (--loadInputs sizes and dtypes) and shapes',
      evidence: errors.slice(0, 5).map(text),
    };
  },
  (run, errors) => {
    // trtexec checks option values before it dumps the options or starts a phase; an unknown error
    // after that is not about an option (a crash or an unknown failure, below).
    if (errors.length === 0 || Object.keys(run.options).length > 0 || Object.keys(run.phases).length > 0) return undefined;
    return {
      class: 'invalid-option-value',
      summary: errors[0]?.message ?? 'trtexec reported an error',
      hint: 'check the value of the option the message names; trtexec reads only --key=value, and shape specs are name:DxD[,name:DxD]',
      evidence: errors.slice(0, 3).map(text),
    };
  },
];

const HELP_FLAGS = new Set(['help', 'h']);

/**
 * True when the log is trtexec's help text rather than a run: `trtexec --help` (or `-h`), which prints
 * no `&&&&` end line, or a bare `trtexec`, which prints the help and PASSED. Nothing else happened: no
 * option dump, phase, device, binding, summary or error (a bad flag also prints the help, but then
 * `[E] Unknown option` and FAILED, and that is a failure).
 */
export function isTrtexecHelpText(run: TrtexecRun): boolean {
  const command = run.start ?? run.end;
  if (!command || run.outcome === 'failed') return false;
  const ranNothing =
    Object.keys(run.options).length === 0 &&
    Object.keys(run.phases).length === 0 &&
    run.device === undefined &&
    run.bindings.length === 0 &&
    run.performance === undefined &&
    run.errors.length === 0 &&
    run.unknownOptions.length === 0;
  const asksForHelp = command.flags.some((f) => HELP_FLAGS.has(f.name) && f.value === undefined) || command.flags.length === 0;
  return ranNothing && asksForHelp;
}

/**
 * Classifies a finished run. Returns undefined for a passed run and for help text
 * ({@link isTrtexecHelpText}: not a run, so not a failure). A log without an end line is a crash when
 * trtexec's start line is in it, and an excerpt (`incomplete-log`) when it is not.
 */
export function classifyTrtexecFailure(run: TrtexecRun): TrtexecFailure | undefined {
  if (run.outcome === 'passed' || isTrtexecHelpText(run)) return undefined;
  const errors = [...run.errors].sort((a, b) => a.lineNo - b.lineNo);
  for (const rule of RULES) {
    const failure = rule(run, errors);
    if (!failure) continue;
    const code = errorCodeOf(errors);
    if (code !== undefined && failure.errorCode === undefined) failure.errorCode = code;
    if (run.outcome === 'incomplete') failure.summary = `${failure.summary} (and the log has no end line)`;
    return failure;
  }
  if (run.outcome === 'incomplete') {
    const crashed = run.start !== undefined;
    return {
      class: crashed ? 'crash' : 'incomplete-log',
      summary: crashed ? 'trtexec stopped without a PASSED/FAILED line: it crashed or was killed (or the log was cut short)' : 'the log has neither a start nor an end line: it is an excerpt, so pass/fail is unknown',
      hint: crashed
        ? 'check the exit status/signal (e.g. 137 = killed for memory, 139 = segfault), dmesg for the OOM killer, and the last lines of the log; rerun with --verbose'
        : 'import the whole log (trtexec … 2>&1 | tee run.log) to know whether the run passed',
      evidence: run.errors.slice(-3).map(text),
    };
  }
  return {
    class: 'unknown',
    summary: 'trtexec reported FAILED without an error line this parser knows',
    hint: 'read the lines before &&&& FAILED; rerun with --verbose',
    evidence: errors.slice(0, 3).map(text),
  };
}
