import { UsageError } from '@pipeline/errors';

/** The most loads one range may expand to: a sweep is bounded like every other loop here. */
const MAX_LOADS = 1000;

/**
 * A perf_analyzer range `start:end:step` (inclusive; `step` defaults to 1, `end` to `start`), plus
 * `start:end:xF` for a geometric sweep (`1:16:x2` → 1, 2, 4, 8, 16). Integers for concurrency, any
 * positive number for request rates.
 */
export function parseLoadRange(text: string, what: 'concurrency' | 'request-rate' = 'concurrency'): number[] {
  const fail = (why: string) =>
    new UsageError('E_LOAD_RANGE', `load range "${text}": ${why}`, { hint: 'write start:end:step (1:8:1) or start:end:xfactor (1:16:x2)' });
  const [startText, endText, stepText = '1', ...rest] = text.split(':');
  if (rest.length > 0 || startText === undefined || startText === '') throw fail('expected at most three parts');
  const start = Number(startText);
  const end = endText === undefined || endText === '' ? start : Number(endText);
  const geometric = stepText.startsWith('x');
  const step = Number(geometric ? stepText.slice(1) : stepText);
  const integer = what === 'concurrency';
  for (const [name, value] of [['start', start], ['end', end], ['step', step]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw fail(`${name} must be a positive number`);
    if (integer && name !== 'step' && !Number.isInteger(value)) throw fail(`${name} must be a whole number for a concurrency`);
  }
  if (end < start) throw fail('end is below start');
  if (geometric && step <= 1) throw fail('a geometric factor must be above 1');
  if (!geometric && integer && !Number.isInteger(step)) throw fail('step must be a whole number for a concurrency');
  const loads: number[] = [];
  for (let value = start; value <= end * (1 + 1e-12); value = geometric ? value * step : value + step) {
    loads.push(integer ? Math.round(value) : Number(value.toPrecision(12)));
    if (loads.length > MAX_LOADS) throw fail(`more than ${MAX_LOADS} loads`);
  }
  return [...new Set(loads)];
}
