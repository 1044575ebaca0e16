export { defineArtifactKind, isKindOf, kindLineage } from './artifact.js';
export type { Artifact, ArtifactKind, ArtifactKindOptions, IngestContext } from './artifact.js';
export { builtinKinds, directoryKind, fileKind, jsonKind, textKind } from './builtin-kinds.js';
export type { Exec, ExecOptions, ExecResult } from './exec.js';
export { definePlugin } from './plugin.js';
export type { PluginDefinition } from './plugin.js';
export { input, output } from './ports.js';
export type { AnyKind, InputPort, InputPortOptions, OutputPort, OutputPortOptions } from './ports.js';
export type { FindToolOptions, ProbeEnv, ProbeResult, ToolInfo } from './probe.js';
export { chartDataSchema, describeGate, evaluateGate } from './report.js';
export type { ChartData, GateFigures, GateInput, GateOperator, GateRecord, MetricRecord, Reporter } from './report.js';
export type { StageCheck, StageCheckInput, StageCheckPortInput, StageCheckProblem } from './stage-check.js';
export { defineStage } from './stage.js';
export type {
  AnyStage,
  InputPorts,
  InputValue,
  OutputPorts,
  OutputValue,
  ParamsSchema,
  ProgressUpdate,
  StageContext,
  StageDefinition,
  StageFiles,
  StageInputs,
  StageLogger,
  StageOutputs,
  StageResources,
  StageResult,
} from './stage.js';
export type { ServiceHandle, ServiceOptions, StartService } from './service.js';
