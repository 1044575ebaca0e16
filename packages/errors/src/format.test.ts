import { describe, expect, it } from 'vitest';
import { codeFrame, formatDiagnostic } from '@pipeline/errors';

describe('formatDiagnostic', () => {
  it('puts file:line:col, severity and code first', () => {
    const text = formatDiagnostic({ code: 'E_X', severity: 'error', message: 'bad', loc: { file: 'a.yaml', line: 3, column: 7 } });
    expect(text.split('\n')[0]).toBe('a.yaml:3:7 error[E_X] bad');
  });
  it('draws a caret under the column', () => {
    const frame = codeFrame('a: 1\nbb: 2\n', 2, 5, 1);
    const lines = frame.split('\n');
    expect(lines[1]).toBe('2 | bb: 2');
    expect(lines[2]?.indexOf('^')).toBe(lines[1]?.indexOf('2', 4));
  });
});
