import { benchmarkReportKind, kserveEndpointKind, onnxModelKind } from '@pipeline/kinds';
import { input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import type { serverBenchmarkParamsSchema } from './server-params.js';

/** The ports of the stage, shared by its definition (server-stage.ts) and its run (run-server-stage.ts, imported when it runs). */
export const serverBenchmarkInputs = {
  onnx: input(onnxModelKind, { optional: true, description: 'The served model’s ONNX file, for input shapes by dim name (else the server’s metadata).' }),
  server: input(kserveEndpointKind, { optional: true, description: 'The server (e.g. serve/local’s endpoint), when `url` is not given.' }),
};

export const serverBenchmarkOutputs = {
  report: output(benchmarkReportKind, { description: 'All figures per load, server split, SLO search (benchmark-report.json).' }),
  csv: output(textKind, { description: 'The figures in perf_analyzer’s -f CSV form (perf.csv).' }),
  summary: output(textKind, { description: 'The Performance section (performance.md).' }),
};

/** What the stage's run receives and returns. */
export type ServerBenchmarkContext = StageContext<typeof serverBenchmarkInputs, typeof serverBenchmarkParamsSchema>;
export type ServerBenchmarkResult = StageResult<typeof serverBenchmarkOutputs>;
