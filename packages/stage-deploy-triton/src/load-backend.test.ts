import { describe, expect, it } from 'vitest';
import { deployPerfAnalyzerLimits } from './load-backend.js';
import { deployTritonParamsSchema } from './params.js';

// The params as the stage gets them (parsed, defaults applied), for an https server.
const accepted = deployTritonParamsSchema.parse({ url: 'https://triton.example:8443', tls: { ca: 'PEM', reject_unauthorized: false }, load: { concurrency: '1:4:1', backend: 'perf_analyzer' } });

describe('deployPerfAnalyzerLimits (what deploy/triton’s perf_analyzer load test cannot do)', () => {
  it('accepts an https server with the tls settings perf_analyzer has flags for', () => {
    expect(deployPerfAnalyzerLimits(accepted)).toEqual([]);
  });

  it('names a tls setting with no flag at tls (beside url), and a load setting under load:', () => {
    expect(deployPerfAnalyzerLimits({ ...accepted, tls: { ...accepted.tls, servername: 'triton.internal' } }).map((l) => l.path)).toEqual([['tls', 'servername']]);
    expect(deployPerfAnalyzerLimits({ ...accepted, load: { concurrency: '1:8:x2' } }).map((l) => l.path)).toEqual([['load', 'concurrency']]);
  });
});
