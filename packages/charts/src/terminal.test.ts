import { describe, expect, it } from 'vitest';
import { terminalCapabilities } from './terminal.js';

describe('terminalCapabilities', () => {
  it('uses Unicode unless the locale in effect is not UTF-8', () => {
    expect(terminalCapabilities({ LANG: 'en_US.UTF-8' }, {}).unicode).toBe(true);
    expect(terminalCapabilities({ LANG: 'C.utf8' }, {}).unicode).toBe(true);
    expect(terminalCapabilities({}, {}).unicode).toBe(true);
    expect(terminalCapabilities({ LANG: 'C' }, {}).unicode).toBe(false);
    // LC_ALL overrides LANG, both ways.
    expect(terminalCapabilities({ LANG: 'en_US.UTF-8', LC_ALL: 'POSIX' }, {}).unicode).toBe(false);
    expect(terminalCapabilities({ LANG: 'C', LC_ALL: 'de_DE.UTF-8' }, {}).unicode).toBe(true);
  });

  it('colours only a TTY, and never with NO_COLOR or TERM=dumb', () => {
    expect(terminalCapabilities({}, { isTTY: true }).color).toBe(true);
    expect(terminalCapabilities({}, { isTTY: false }).color).toBe(false);
    expect(terminalCapabilities({}, {}).color).toBe(false);
    expect(terminalCapabilities({ NO_COLOR: '1' }, { isTTY: true }).color).toBe(false);
    expect(terminalCapabilities({ TERM: 'dumb' }, { isTTY: true }).color).toBe(false);
  });

  it('takes the width from the TTY, then COLUMNS, then 80', () => {
    expect(terminalCapabilities({ COLUMNS: '100' }, { columns: 132 }).columns).toBe(132);
    expect(terminalCapabilities({ COLUMNS: '100' }, {}).columns).toBe(100);
    expect(terminalCapabilities({ COLUMNS: 'wide' }, {}).columns).toBe(80);
  });
});
