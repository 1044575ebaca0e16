import { describe, expect, it } from 'vitest';
import { formatNumber } from './format-number.js';

describe('formatNumber', () => {
  it('prints what C printf("%g") prints', () => {
    // Expected strings from Python's `'%g' % value` (C's %g on the same double; coreutils printf
    // parses its argument as a long double, so 99999.95 rounds differently there).
    const cases: [number, string][] = [
      [1.0630049999999756, '1.063'],
      [0.00001063, '1.063e-05'],
      [123456789, '1.23457e+08'],
      [1234567, '1.23457e+06'],
      [123456, '123456'],
      [0.0001, '0.0001'],
      [0.00012345678, '0.000123457'],
      [100, '100'],
      [-2.5, '-2.5'],
      [1e21, '1e+21'],
      [0.1, '0.1'],
      [99999.95, '99999.9'],
      [0.000099999949, '9.99999e-05'],
      [999999.5, '1e+06'],
      [5e-324, '4.94066e-324'],
    ];
    for (const [value, expected] of cases) expect(formatNumber(value)).toBe(expected);
  });

  it('takes fewer digits, and names non-finite values', () => {
    expect(formatNumber(1839.318145554636, 4)).toBe('1839');
    expect(formatNumber(0.5371310000000449, 3)).toBe('0.537');
    expect([formatNumber(Number.NaN), formatNumber(Infinity), formatNumber(-Infinity), formatNumber(0)]).toEqual(['NaN', 'inf', '-inf', '0']);
  });
});
