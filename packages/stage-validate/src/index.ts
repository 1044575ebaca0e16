export { checkCandidate, castFeeds } from './compatibility.js';
export type { FeedCasts } from './compatibility.js';
export { openDataSource } from './data-source.js';
export type { DataSourceTarget } from './data-source.js';
export { ExpectedOutputsComparison, expectedOutputGates } from './expected-outputs.js';
export { accuracySection } from './model-card.js';
export { validateParamsSchema } from './params.js';
export type { ValidateParams } from './params.js';
export { buildReport, reportNumber } from './report.js';
export { reportFigures } from './report-figures.js';
export { validateStage } from './stage.js';
export { validateModels } from './validate-models.js';
export type { NamedFile, ValidateDeps, ValidateInputs, ValidationResult } from './validate-models.js';

export { plugin } from './plugin.js';
export { ValidateStageCode } from './codes.js';
