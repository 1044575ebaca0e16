import { decodeTrtexecVersionTag } from '../version.js';
import type { TrtexecCommand } from './types.js';

// `&&&& RUNNING TensorRT.trtexec [TensorRT v101601] [b11] # trtexec --onnx=…` (the build tag from 10.4).
const STATUS_LINE = /^&&&& (RUNNING|PASSED|FAILED|WAIVED) (\S+) \[TensorRT v(\d+)\](?: \[(b\d+)\])? # ?(.*)$/;

export type TrtexecStatusWord = 'RUNNING' | 'PASSED' | 'FAILED' | 'WAIVED';

/** Reads a `&&&&` status line; undefined for any other line. */
export function parseTrtexecStatusLine(line: string): { status: TrtexecStatusWord; command: TrtexecCommand } | undefined {
  const m = STATUS_LINE.exec(line.trimEnd());
  if (!m) return undefined;
  const command = m[5] ?? '';
  const argv = command.split(' ').filter((part) => part.length > 0);
  const parsed: TrtexecCommand = {
    tool: m[2] ?? '',
    versionTag: m[3] ?? '',
    command,
    argv,
    flags: parseTrtexecFlags(argv.slice(1)),
  };
  const version = decodeTrtexecVersionTag(parsed.versionTag);
  if (version) parsed.version = version;
  if (m[4] !== undefined) parsed.buildTag = m[4];
  return { status: m[1] as TrtexecStatusWord, command: parsed };
}

/**
 * Splits arguments the way trtexec does (`argsToArgumentsMap`): each element at its first `=`.
 * An element without leading dashes stays a flag-less value (trtexec rejects it as an unknown option).
 */
export function parseTrtexecFlags(args: readonly string[]): { name: string; value?: string }[] {
  return args.map((arg) => {
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    return eq < 0 ? { name: body } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
  });
}
