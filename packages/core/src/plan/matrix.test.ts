import { describe, expect, it } from 'vitest';
import { PipelineSource } from '../config/source.js';
import { expandMatrix, memberId } from './matrix.js';

describe('matrix members', () => {
  it('name members by their values, keys in declared order', () => {
    expect(memberId('convert', { precision: 'fp16' })).toBe('convert@precision=fp16');
    expect(memberId('convert', { precision: 'fp16', batch: 8 })).toBe('convert@precision=fp16,batch=8');
    expect(memberId('convert', { batch: 8, precision: 'fp16' })).toBe('convert@batch=8,precision=fp16');
    expect(memberId('inspect', {})).toBe('inspect');
  });
  it('expands the cartesian product, first key slowest', () => {
    const source = new PipelineSource('d.yaml', 'stages: {}\n');
    const { members, diagnostics } = expandMatrix(source, 'c', { p: ['fp32', 'fp16'], b: [1, 8] });
    expect(diagnostics).toEqual([]);
    expect(members.map((m) => m.id)).toEqual(['c@p=fp32,b=1', 'c@p=fp32,b=8', 'c@p=fp16,b=1', 'c@p=fp16,b=8']);
    expect(members[3]?.matrix).toEqual({ p: 'fp16', b: 8 });
  });
  it('refuses values that would make ids ambiguous', () => {
    const source = new PipelineSource('d.yaml', 'stages: {}\n');
    expect(expandMatrix(source, 'c', { p: ['a,b', 'x=y', 'ok'] }).diagnostics.map((d) => d.code)).toEqual(['E_MATRIX_INVALID', 'E_MATRIX_INVALID']);
  });
});
