import { describe, expect, it } from 'vitest';
import { parsePlanHeader, readPlanHeader } from '@pipeline/tensorrt';

// No real .plan file exists on this machine (no TensorRT, none among the fixtures), so the header is
// constructed from the layout trtexec's printPlanVersion reads: tag, layout 0, version at 24..27.
function planBytes(version: [number, number, number, number], layout = 0): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([...'ftrt'].map((c) => c.charCodeAt(0)), 0);
  new DataView(bytes.buffer).setUint32(4, layout, true);
  bytes.set(version, 24);
  return bytes;
}

describe('parsePlanHeader', () => {
  it('reads the TensorRT version', () => {
    expect(parsePlanHeader(planBytes([10, 3, 0, 26]))).toMatchObject({ isTensorrtPlan: true, tensorrtVersionText: '10.3.0.26' });
  });
  it('says why when it cannot', () => {
    expect(parsePlanHeader(new TextEncoder().encode('<onnx-ish>not a plan at all......')).isTensorrtPlan).toBe(false);
    expect(parsePlanHeader(planBytes([8, 6, 1, 6], 3))).toMatchObject({ isTensorrtPlan: true, serializationLayout: 3 });
    expect(parsePlanHeader(planBytes([8, 6, 1, 6], 3)).tensorrtVersion).toBeUndefined();
    expect(parsePlanHeader(planBytes([8, 6, 1, 6]).subarray(0, 20)).problem).toMatch(/too short/);
  });
  it('reads only the head of a file, and names an unreadable file', async () => {
    const asked: number[] = [];
    const header = await readPlanHeader('/models/m/1/model.plan', {
      readHead: async (_p, length) => {
        asked.push(length);
        return planBytes([10, 0, 1, 6]).subarray(0, length);
      },
    });
    expect(header.tensorrtVersionText).toBe('10.0.1.6');
    expect(asked).toEqual([28]);
    await expect(readPlanHeader('/nope/model.plan')).rejects.toThrow(/\/nope\/model\.plan/);
  });
});
