import { codeFrame, type Diagnostic } from '@pipeline/errors';
import { DiagnosticCode } from './codes.js';

/**
 * A pipeline file's bytes as text, or a located diagnostic at the first byte that is not UTF-8.
 * Node's lossy decoding would turn such bytes into U+FFFD, which then fails far from its cause (a
 * `dims:` value at run time), so the file is decoded strictly.
 */
export function decodePipelineText(bytes: Uint8Array, displayFile: string): { text: string } | { problem: Diagnostic } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
    const column = [...Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8')].length + 1;
    const lossy = Buffer.from(bytes).toString('utf8');
    return {
      problem: {
        code: DiagnosticCode.YamlEncoding,
        severity: 'error',
        message: `the file is not valid UTF-8: byte ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}) at line ${line}, column ${column}`,
        loc: { file: displayFile, line, column },
        frame: codeFrame(lossy, line, column, 1),
        hint: 'save the file as UTF-8',
      },
    };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    const second = bytes[i + 1] as number;
    // Overlong 3- and 4-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return bytes.length;
}
