/**
 * A number as C++'s default `ostream << float` prints it (`%g` with 6 significant digits): trailing
 * zeros dropped, exponent form below 1e-4 or from 1e6 on (`1e-05`, `1.23457e+06`). trtexec's summary
 * uses this, so our summary lines parse with the same regular expressions as trtexec's.
 */
export function formatG(value: number, precision = 6): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return '0';
  // The exponent after rounding to `precision` digits decides the form, as %g specifies.
  const [mantissa = '', exponentText = '0'] = value.toExponential(precision - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${trimZeros(mantissa)}e${sign}${digits}`;
  }
  return trimZeros(value.toFixed(Math.max(precision - 1 - exponent, 0)));
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
