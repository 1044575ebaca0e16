import { describe, expect, it } from 'vitest';
import { sessionOptions } from './session-options.js';

describe("the runner's session options, as ONNX Runtime's", () => {
  it('leaves ORT its own spinning defaults unless asked, and names its config keys when asked', () => {
    expect(sessionOptions({}).extra).toBeUndefined();
    expect(sessionOptions({ spinning: true }).extra).toBeUndefined();
    // onnxruntime-node flattens nested `extra` objects into dotted session config keys.
    expect(sessionOptions({ spinning: false }).extra).toEqual({ session: { intra_op: { allow_spinning: '0' } } });
    expect(sessionOptions({ spinning: true, stopSpinningAfterRun: true }).extra).toEqual({ session: { force_spinning_stop: '1' } });
  });
});
