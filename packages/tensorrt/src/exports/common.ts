import { InvalidInputError } from '@pipeline/errors';
import { type LooseJson, LooseJsonError, parseLooseJson } from './tolerant-json.js';

export type LooseObject = { [key: string]: LooseJson };

export const isObject = (v: LooseJson | undefined): v is LooseObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses an export file's text, turning a syntax error into an `InvalidInputError` naming the file. */
export function parseExportText(text: string, source: string, what: string): LooseJson {
  try {
    return parseLooseJson(text);
  } catch (error) {
    if (!(error instanceof LooseJsonError)) throw error;
    throw new InvalidInputError('E_TRTEXEC_EXPORT_SYNTAX', `${source}: not a readable ${what} file: ${error.message}`, {
      loc: { file: source, line: error.line, column: error.column },
      cause: error,
    });
  }
}

export function exportShapeError(source: string, what: string, detail: string): InvalidInputError {
  return new InvalidInputError('E_TRTEXEC_EXPORT_SHAPE', `${source}: not a trtexec ${what} file: ${detail}`);
}

/** A number field; trtexec prints numbers, but a hand-edited file may quote them. */
export function numberField(obj: LooseObject, key: string): number | undefined {
  const v = obj[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}
