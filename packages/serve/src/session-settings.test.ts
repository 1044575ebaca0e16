import { describe, expect, it } from 'vitest';
import { DEFAULT_SPINNING, DEFAULT_STOP_SPINNING, SPINNING_PARAMETER, STOP_SPINNING_PARAMETER, sessionSettings } from './session-settings.js';

const withParameters = (parameters: Record<string, string>) => ({
  parameters: Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, { string_value: value }])),
});

describe("an instance's session settings, from the model config's parameters", () => {
  it('shares the cores among the instances and keeps the default spinning when the config says nothing', () => {
    expect(sessionSettings({}, 2, 8)).toEqual({ intraOpThreads: 4, spinning: DEFAULT_SPINNING, stopSpinningAfterRun: DEFAULT_STOP_SPINNING });
    expect(sessionSettings({}, 3, 2)).toEqual({ intraOpThreads: 1, spinning: DEFAULT_SPINNING, stopSpinningAfterRun: DEFAULT_STOP_SPINNING });
    // 0 is the onnxruntime backend's "pick a default".
    expect(sessionSettings(withParameters({ intra_op_thread_count: '0' }), 1, 2).intraOpThreads).toBe(2);
  });

  it('honours intra_op_thread_count, session.intra_op.allow_spinning and session.force_spinning_stop', () => {
    expect(sessionSettings(withParameters({ intra_op_thread_count: '3', [SPINNING_PARAMETER]: '1', [STOP_SPINNING_PARAMETER]: '1' }), 2, 8)).toEqual({
      intraOpThreads: 3,
      spinning: true,
      stopSpinningAfterRun: true,
    });
    expect(sessionSettings(withParameters({ [SPINNING_PARAMETER]: '0', [STOP_SPINNING_PARAMETER]: '0' }), 1, 2)).toEqual({ intraOpThreads: 2, spinning: false, stopSpinningAfterRun: false });
  });

  it('refuses a value it cannot read, naming the parameter (the same config with a good value loads)', () => {
    expect(() => sessionSettings(withParameters({ [SPINNING_PARAMETER]: '1' }), 1, 2)).not.toThrow();
    expect(() => sessionSettings(withParameters({ [SPINNING_PARAMETER]: 'yes' }), 1, 2)).toThrow(/parameter 'session\.intra_op\.allow_spinning' must be "0" or "1", got 'yes'/);
    expect(() => sessionSettings(withParameters({ [STOP_SPINNING_PARAMETER]: 'on' }), 1, 2)).toThrow(/parameter 'session\.force_spinning_stop' must be "0" or "1", got 'on'/);
    expect(() => sessionSettings(withParameters({ intra_op_thread_count: '2' }), 1, 2)).not.toThrow();
    expect(() => sessionSettings(withParameters({ intra_op_thread_count: 'two' }), 1, 2)).toThrow(/parameter 'intra_op_thread_count' must be a non-negative integer, got 'two'/);
  });
});
