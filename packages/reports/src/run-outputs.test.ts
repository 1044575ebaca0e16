import { describe, expect, it } from 'vitest';
import { displayPath } from './run-outputs.js';

describe('displayPath', () => {
  it('is relative to the cwd when that is shorter, else absolute', () => {
    expect(displayPath('/w/p/.pipeline/store/f/x.md', '/w/p')).toBe('.pipeline/store/f/x.md');
    expect(displayPath('/work/project/.pipeline/x.md', '/work/other')).toBe('../project/.pipeline/x.md');
    expect(displayPath('/a/x.md', '/w/deep/down/here')).toBe('/a/x.md');
  });
});
