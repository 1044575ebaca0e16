/** trtexec's severities: Info, Warning, Error, Fatal (internal error), Verbose. */
export type TrtexecSeverity = 'I' | 'W' | 'E' | 'F' | 'V';

/** One line of a trtexec log, split into its prefixes. Unprefixed lines continue the message above. */
export interface TrtexecLogLine {
  /** 1-based line number in the order lines were completed. */
  lineNo: number;
  /** Absent for unprefixed lines (ONNX node dumps, layer-info dumps, help text, `&&&&` lines). */
  severity?: TrtexecSeverity;
  /** The local time as printed, `MM/DD/YYYY-HH:MM:SS`. */
  timestamp?: string;
  /** True when the message came from the TensorRT library (`[TRT] ` prefix) rather than trtexec. */
  trt: boolean;
  /** The text after the prefixes; for unprefixed lines, the whole line. */
  message: string;
  raw: string;
}

// `[MM/DD/YYYY-HH:MM:SS] [S] message`. The timestamp is optional so that logs from other loggers
// that drop it (and copies pasted without it) still read; an empty message may lose its space.
const PREFIXED = /^(?:\[(\d\d\/\d\d\/\d{4}-\d\d:\d\d:\d\d)\] )?\[([IWEFV])\](?: (.*))?$/;

/** Splits one raw line (no newline) into its prefixes. */
export function splitTrtexecLine(raw: string, lineNo: number): TrtexecLogLine {
  const m = PREFIXED.exec(raw);
  if (!m) return { lineNo, trt: false, message: raw, raw };
  let message = m[3] ?? '';
  const trt = message.startsWith('[TRT] ');
  if (trt) message = message.slice('[TRT] '.length);
  const line: TrtexecLogLine = { lineNo, severity: m[2] as TrtexecSeverity, trt, message, raw };
  if (m[1] !== undefined) line.timestamp = m[1];
  return line;
}

/**
 * Joins chunks into lines. Each stream keeps its own partial line, so stdout and stderr chunks may
 * arrive interleaved and split anywhere; a line is handed on when its newline arrives.
 */
export class LineAssembler {
  private readonly partial = new Map<string, string>();

  constructor(private readonly onLine: (raw: string) => void) {}

  push(chunk: string, stream: string): void {
    const text = (this.partial.get(stream) ?? '') + chunk;
    const parts = text.split('\n');
    this.partial.set(stream, parts.pop() ?? '');
    for (const part of parts) this.onLine(part.endsWith('\r') ? part.slice(0, -1) : part);
  }

  /** Hands on whatever is left without a final newline (a crash often cuts the last line). */
  flush(): void {
    for (const [stream, rest] of this.partial) {
      if (rest.length > 0) this.onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
      this.partial.set(stream, '');
    }
  }
}
