import { formatTensorrtVersion } from '../version.js';
import { parseTrtexecStatusLine } from './command.js';
import { LineAssembler, splitTrtexecLine, type TrtexecLogLine } from './line.js';
import { applyInfoFact } from './facts.js';
import { applySummaryInfoLine, applySummaryWarningLine, emptySummary } from './performance.js';
import { addOption, addProfileRow, applyDeviceLine, emptyDevice, parseProfileRow, splitKeyValue } from './sections.js';
import type { TrtexecCommand, TrtexecDiagnosticLine, TrtexecLogEvent, TrtexecRun } from './types.js';

/** A push-based trtexec log reader: feed it chunks as they arrive, read the run at the end. */
export interface TrtexecLogParser {
  /** Feeds text; chunks may split lines anywhere. Name the stream when stdout and stderr interleave. */
  push(chunk: string, stream?: 'stdout' | 'stderr'): void;
  /** Flushes the last partial line, closes open sections and returns the accumulated run. */
  end(): TrtexecRun;
  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (event: TrtexecLogEvent) => void): () => void;
  /** The run accumulated so far (a live view: it keeps changing until `end`). */
  readonly run: TrtexecRun;
}

export interface TrtexecLogParserOptions {
  onEvent?: (event: TrtexecLogEvent) => void;
}

type Section =
  | { kind: 'options'; name: string; block: Record<string, string | string[]> }
  | { kind: 'device' }
  | { kind: 'performance' }
  | { kind: 'profile' }
  | { kind: 'other' };

// A continuation line belongs to the diagnostic above it; a cap keeps verbose layer dumps that
// happen to follow a warning (8.6 prints them unprefixed) from growing it without bound.
const MAX_CONTINUATION_LINES = 40;

function emptyRun(): TrtexecRun {
  return {
    outcome: 'incomplete',
    options: {},
    phases: {},
    engine: {},
    inference: { skipped: false },
    bindings: [],
    inputs: [],
    shapes: [],
    warnings: [],
    errors: [],
    unknownOptions: [],
    lineCount: 0,
  };
}

/** Creates a streaming trtexec log parser (8.x, 10.x and 11.x layouts; unknown lines are ignored). */
export function createTrtexecLogParser(options: TrtexecLogParserOptions = {}): TrtexecLogParser {
  const run = emptyRun();
  const listeners = new Set<(event: TrtexecLogEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);
  const emit = (event: TrtexecLogEvent) => {
    for (const listener of listeners) listener(event);
  };
  let section: Section | undefined;
  let pending: TrtexecDiagnosticLine | undefined;
  let ended = false;
  // `--dumpLayerInfo` prints `Layer Information:`, `Layers:`, then unprefixed layer lines, `Bindings:` and names.
  let layerDump: 'header' | 'layers' | 'bindings' | undefined;

  const flushDiagnostic = () => {
    if (pending) emit({ type: pending.severity === 'W' ? 'warning' : 'error', line: pending });
    pending = undefined;
  };

  const closeSection = () => {
    const open = section;
    section = undefined;
    if (!open) return;
    if (open.kind === 'options') emit({ type: 'options', section: open.name, options: open.block });
    else if (open.kind === 'device' && run.device) emit({ type: 'device', device: run.device });
    else if (open.kind === 'performance' && run.performance) emit({ type: 'performance', summary: run.performance });
    else if (open.kind === 'profile' && run.profile) emit({ type: 'profile', profile: run.profile });
  };

  const openSection = (title: string) => {
    closeSection();
    const profile = /^Profile \((\d+) iterations ?\)$/.exec(title);
    if (title.endsWith('Options')) {
      const block: Record<string, string | string[]> = {};
      run.options[title] = block;
      section = { kind: 'options', name: title, block };
    } else if (title === 'Device Information') {
      run.device = emptyDevice();
      section = { kind: 'device' };
    } else if (title === 'Performance summary') {
      run.performance = emptySummary();
      section = { kind: 'performance' };
    } else if (profile) {
      run.profile = { iterations: Number(profile[1]), layers: [] };
      section = { kind: 'profile' };
    } else {
      section = { kind: 'other' };
    }
  };

  const onStatusLine = (status: string, command: TrtexecCommand) => {
    if (!run.tensorrtVersion && command.version) run.tensorrtVersion = formatTensorrtVersion(command.version);
    if (status === 'RUNNING') {
      run.start = command;
      emit({ type: 'start', command });
      return;
    }
    closeSection();
    run.end = command;
    run.outcome = status === 'FAILED' ? 'failed' : 'passed';
    emit({ type: 'end', outcome: run.outcome, command });
  };

  /** Lines inside a section; returns false when the line ends the section instead. */
  const applySectionLine = (open: Section, message: string): boolean => {
    if (message.trim() === '') return open.kind !== 'profile' || !run.profile?.layers.length;
    switch (open.kind) {
      case 'options': {
        const kv = splitKeyValue(message);
        if (kv) addOption(open.block, kv[0], kv[1]);
        return kv !== undefined;
      }
      case 'device':
        return run.device !== undefined && (applyDeviceLine(run.device, message) || message.startsWith('Note:'));
      case 'performance':
        return run.performance !== undefined && applySummaryInfoLine(run.performance, message);
      case 'profile': {
        if (/Time ?\(/.test(message)) return true;
        const row = parseProfileRow(message);
        if (row && run.profile) addProfileRow(run.profile, row);
        return row !== undefined;
      }
      case 'other':
        return /^Average on \d+ runs|^Trace averages|^\.\.\. Omitting/.test(message);
    }
  };

  const onPrefixedLine = (line: TrtexecLogLine) => {
    const { severity, message } = line;
    flushDiagnostic();
    if (severity === 'I' && !line.trt && message.trim() === 'Layer Information:') {
      run.layerInfo = { layers: [], bindings: [] };
      layerDump = 'header';
      return;
    }
    if (layerDump === 'header' && message.trim() === 'Layers:') {
      layerDump = 'layers';
      return;
    }
    layerDump = undefined;
    if (severity === 'W' || severity === 'E' || severity === 'F') {
      pending = { lineNo: line.lineNo, severity, trt: line.trt, message, continuation: [] };
      (severity === 'W' ? run.warnings : run.errors).push(pending);
      if (severity === 'W' && run.performance) applySummaryWarningLine(run.performance, message);
      const unknown = /^Unknown option: (\S+)(?: (.*))?$/.exec(message);
      if (severity === 'E' && unknown) {
        const entry: { flag: string; value?: string } = { flag: unknown[1] ?? '' };
        if (unknown[2]) entry.value = unknown[2];
        run.unknownOptions.push(entry);
      }
      return;
    }
    if (severity !== 'I') return;
    const header = /^=== (.+?) ===$/.exec(message.trim());
    if (header) return openSection(header[1] ?? '');
    if (message.startsWith('Explanations of the performance metrics')) return closeSection();
    if (!line.trt && section && applySectionLine(section, message)) return;
    if (section) closeSection();
    applyInfoFact(run, line, emit);
  };

  const applyLayerDumpLine = (text: string) => {
    if (text === '' || !run.layerInfo) return;
    if (text === 'Bindings:') layerDump = 'bindings';
    else if (layerDump === 'bindings') run.layerInfo.bindings.push(text);
    else if (layerDump === 'layers') run.layerInfo.layers.push(/^Name: (.*?), LayerType: /.exec(text)?.[1] ?? text);
  };

  const onLine = (raw: string) => {
    run.lineCount++;
    const line = splitTrtexecLine(raw, run.lineCount);
    if (line.severity) return onPrefixedLine(line);
    const status = parseTrtexecStatusLine(raw);
    if (status) {
      flushDiagnostic();
      return onStatusLine(status.status, status.command);
    }
    if (layerDump && run.layerInfo) return applyLayerDumpLine(raw.trim());
    if (pending && raw.trim() !== '' && pending.continuation.length < MAX_CONTINUATION_LINES) {
      pending.continuation.push(raw);
    }
  };

  const assembler = new LineAssembler(onLine);
  return {
    run,
    push(chunk, stream = 'stdout') {
      if (ended) throw new Error('trtexec log parser: push() after end()');
      assembler.push(chunk, stream);
    },
    end() {
      if (!ended) {
        ended = true;
        assembler.flush();
        flushDiagnostic();
        closeSection();
      }
      return run;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Parses a whole log at once (a file a user already has). */
export function parseTrtexecLog(text: string): TrtexecRun {
  const parser = createTrtexecLogParser();
  parser.push(text);
  return parser.end();
}
