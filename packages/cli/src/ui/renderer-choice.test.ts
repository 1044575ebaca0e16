import { describe, expect, it } from 'vitest';
import { chooseRenderer, MIN_LISTR_COLUMNS } from './renderer-choice.js';

const terminal = { isTTY: true, columns: 120, env: {}, json: false };

describe('chooseRenderer', () => {
  it('draws the listr2 tree in a terminal that says its width', () => {
    expect(chooseRenderer(terminal)).toBe('listr');
    expect(chooseRenderer({ ...terminal, columns: MIN_LISTR_COLUMNS })).toBe('listr');
  });

  it('prints plain lines when the terminal reports 0 columns, no width, or one too narrow for the tree', () => {
    expect(chooseRenderer({ ...terminal, columns: 0 })).toBe('plain');
    expect(chooseRenderer({ ...terminal, columns: undefined })).toBe('plain');
    expect(chooseRenderer({ isTTY: true, env: {}, json: false })).toBe('plain');
    expect(chooseRenderer({ ...terminal, columns: MIN_LISTR_COLUMNS - 1 })).toBe('plain');
  });

  it('prints plain lines in CI, through a pipe, and with --json', () => {
    expect(chooseRenderer({ ...terminal, env: { CI: 'true' } })).toBe('plain');
    expect(chooseRenderer({ ...terminal, env: { CI: 'false' } })).toBe('listr');
    expect(chooseRenderer({ ...terminal, env: { CI: '' } })).toBe('listr');
    expect(chooseRenderer({ ...terminal, isTTY: false })).toBe('plain');
    expect(chooseRenderer({ ...terminal, json: true })).toBe('plain');
  });
});
