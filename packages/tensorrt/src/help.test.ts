import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasTrtexecFlag, trtexecFlags } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (f: string) => readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec', f), 'utf8');

describe('trtexecFlags', () => {
  const v8 = read('trt8.6.1-help-no-args.txt');
  const v10 = read('trt10.16-help.txt');
  it('finds every flag that starts a help line', () => {
    for (const text of [v8, v10]) {
      const listed = new Set([...text.matchAll(/^ {2}--?([A-Za-z][\w-]*)/gm)].map((m) => m[1]));
      expect(new Set(Object.keys(trtexecFlags(text).flags))).toEqual(listed);
    }
  });
  it('tells which version has which flag', () => {
    const f8 = trtexecFlags(v8);
    const f10 = trtexecFlags(v10);
    expect(f8.tensorrtVersion).toBe('8.6.1');
    expect(f10.tensorrtVersion).toBe('10.16.1');
    expect(hasTrtexecFlag(f8, '--workspace')).toBe(true);
    expect(hasTrtexecFlag(f10, '--workspace')).toBe(false);
    expect(hasTrtexecFlag(f8, 'maxBatch')).toBe(true);
    expect(hasTrtexecFlag(f10, '--maxBatch')).toBe(false);
    expect(hasTrtexecFlag(f10, '--stronglyTyped')).toBe(true);
    expect(hasTrtexecFlag(f8, '--stronglyTyped')).toBe(false);
    for (const f of [f8, f10]) expect(hasTrtexecFlag(f, '--memPoolSize=workspace:1024')).toBe(true);
    expect(hasTrtexecFlag(f10, '--vc')).toBe(true);
    expect(f10.flags.memPoolSize?.value).toBe('poolspec');
    expect(f10.flags.weightless?.deprecated).toBe(true);
    expect(f10.flags.iterations?.section).toBe('Inference Options');
  });
});
