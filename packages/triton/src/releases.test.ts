import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertEngineForTriton, checkEngineForTriton, findTritonRelease, TRITON_TENSORRT_RELEASES } from '@pipeline/triton';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reference = readFileSync(path.resolve(repoRoot, 'test/fixtures/reference/tensorrt-trtexec.md'), 'utf8');

/** Expands the reference's column headers: `24.09/10`, `25.03–05`, `25.11–26.02`. */
function expandReleases(cell: string): string[] {
  const slash = /^(\d\d)\.(\d\d)\/(\d\d)$/.exec(cell);
  if (slash) return [`${slash[1]}.${slash[2]}`, `${slash[1]}.${slash[3]}`];
  const range = /^(\d\d)\.(\d\d)–(?:(\d\d)\.)?(\d\d)$/.exec(cell);
  if (!range) return [cell];
  const out: string[] = [];
  let [y, m] = [Number(range[1]), Number(range[2])];
  const [endY, endM] = [Number(range[3] ?? range[1]), Number(range[4])];
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${String(y).padStart(2, '0')}.${String(m).padStart(2, '0')}`);
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}

describe('release table', () => {
  it('holds the reference’s official trtllm-python-py3 table', () => {
    const header = /^\| Triton \|(.*)\|$/m.exec(reference)?.[1]?.split('|').map((c) => c.trim()) ?? [];
    const trt = /^\| TRT \|(.*)\|$/m.exec(reference)?.[1]?.split('|').map((c) => c.trim()) ?? [];
    expect(header.length).toBeGreaterThan(5);
    const expected = header.flatMap((cell, i) => expandReleases(cell).map((release) => [release, trt[i]]));
    const actual = TRITON_TENSORRT_RELEASES.filter((r) => r.variant === 'trtllm-python-py3').map((r) => [r.release, r.tensorrt]);
    expect(actual).toEqual(expected);
  });
  it('holds the reference’s verified -py3 points', () => {
    const line = /Verified `-py3` points:\*\*(.*)$/m.exec(reference)?.[1] ?? '';
    const points = [...line.matchAll(/(\d\d\.\d\d) → (\d+\.\d+(?:\.\d+)*)/g)].map((m) => [m[1], m[2]]);
    expect(points.length).toBe(4);
    for (const [release, tensorrt] of points) {
      const row = findTritonRelease(release ?? '', 'py3');
      expect(row?.verified).toBe(true);
      expect(row?.tensorrt.startsWith(tensorrt ?? '?')).toBe(true);
    }
  });
  it('lets a trtllm row stand in, unverified, for a -py3 release without its own', () => {
    expect(findTritonRelease('24.08')).toMatchObject({ tensorrt: '10.3.0', variant: 'py3', verified: false });
    expect(findTritonRelease('19.01')).toBeUndefined();
  });
});

describe('checkEngineForTriton', () => {
  it('accepts an engine from the same TensorRT', () => {
    expect(checkEngineForTriton({ engineTensorrtVersion: '10.0.1.6', tritonRelease: '24.05' })).toMatchObject({ ok: true });
    expect(checkEngineForTriton({ engineTensorrtVersion: '8.6.3', tritonRelease: '24.01' }).ok).toBe(true);
  });
  it('rejects a newer engine in 24.01 with the fix (server#7613)', () => {
    const result = checkEngineForTriton({ engineTensorrtVersion: { major: 10, minor: 4, patch: 0, build: 26 }, tritonRelease: '24.01' });
    expect(result.ok).toBe(false);
    expect(result.diagnostic?.code).toBe('E_TRITON_TENSORRT_MISMATCH');
    expect(result.diagnostic?.hint).toContain('nvcr.io/nvidia/tensorrt:24.01-py3');
    expect(result.diagnostic?.hint).toContain('tritonserver:24.01-py3');
    expect(() => assertEngineForTriton({ engineTensorrtVersion: '10.4.0', tritonRelease: '24.01' })).toThrow(/24\.01/);
  });
  it('only warns when the row is a stand-in or the release is unknown', () => {
    const standIn = checkEngineForTriton({ engineTensorrtVersion: '10.5.0', tritonRelease: '24.08' });
    expect(standIn).toMatchObject({ ok: true, diagnostic: { severity: 'warning', code: 'W_TRITON_TENSORRT_MISMATCH' } });
    expect(checkEngineForTriton({ engineTensorrtVersion: '10.5.0', tritonRelease: '30.01' }).diagnostic?.code).toBe('W_TRITON_RELEASE_UNKNOWN');
    expect(checkEngineForTriton({ engineTensorrtVersion: '10.0.1.9', tritonRelease: '24.05' }).diagnostic?.code).toBe('W_TRITON_TENSORRT_BUILD_DIFFERS');
  });
  it('rejects malformed inputs as usage errors', () => {
    expect(() => checkEngineForTriton({ engineTensorrtVersion: '10.4', tritonRelease: '24.5' })).toThrow(/YY\.MM/);
    expect(() => checkEngineForTriton({ engineTensorrtVersion: 'ten', tritonRelease: '24.05' })).toThrow(/a\.b\.c/);
  });
});
