export { compareDiagnostics } from './diagnostic.js';
export type { Diagnostic, Severity, SourceLocation } from './diagnostic.js';
export {
  DiagnosticsError,
  GateFailedError,
  InterruptedError,
  InvalidInputError,
  isPipelineError,
  PipelineError,
  StageFailedError,
  ToolMissingError,
  UsageError,
} from './errors.js';
export type { PipelineErrorOptions } from './errors.js';
export { ExitCode } from './exit-codes.js';
export { codeFrame, formatDiagnostic } from './format.js';
export { ErrorsCode } from './codes.js';
