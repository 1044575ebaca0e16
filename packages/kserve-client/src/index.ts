export { BinaryCursor, joinBody, splitBody } from './binary-body.js';
export { createKServeClient, KServeClient } from './client.js';
export type { InferOptions, InferResult, KServeClientOptions, LoadModelOptions, RequestOptions } from './client.js';
export { isKServeMalformed, KSERVE_ERROR_CODES, KServeError, malformed } from './errors.js';
export type { KServeErrorCode } from './errors.js';
export type { HttpOptions, TlsOptions } from './http.js';
export { decodeInferRequest, encodeInferRequest } from './infer-request.js';
export type { DecodedInferRequest, EncodeInferRequestOptions, RequestedOutput } from './infer-request.js';
export { decodeInferResponse, encodeInferResponse } from './infer-response.js';
export type { InferResponseHead } from './infer-response.js';
export { parsePrometheusText } from './prometheus.js';
export type { PrometheusFamily, PrometheusSample } from './prometheus.js';
export { INFERENCE_HEADER_CONTENT_LENGTH } from './protocol-types.js';
export type {
  InferInputJson,
  InferOutputJson,
  InferRequestedOutputJson,
  InferRequestJson,
  InferResponseJson,
  ModelMetadata,
  ModelState,
  Parameters,
  RepositoryIndexEntry,
  ServerMetadata,
  TensorMetadataJson,
} from './protocol-types.js';
export { openKServeRunner } from './runner.js';
export type { KServeRunnerOptions } from './runner.js';
export { statisticsDelta } from './statistics.js';
export type { BatchStats, InferenceStats, ModelStatistics, StatDuration, StatisticsDelta } from './statistics.js';
export { datatypeOf, dtypeFromDatatype, tensorFromBytes, tensorToBytes } from './tensor-bytes.js';
export { endpointUrl, serverBaseUrl, serverUrlProblem } from './server-url.js';
export { refusesClientCertificate } from './tls-diagnosis.js';
export { readTritonMetrics } from './triton-metrics.js';
export type { TritonGpuMetrics, TritonMetrics, TritonModelMetrics } from './triton-metrics.js';
export { kserveRunner } from './runner-entry.js';
export type { KServeRunnerSettings } from './runner-settings.js';
export { KServeCode } from './codes.js';
export { serverUrlParam, tlsParamsSchema } from './target-params.js';
export type { TlsParams } from './target-params.js';
export { kserveTlsOptions, readTlsSettings, tlsVerificationWarning } from './tls-settings.js';
export type { LoadTls, ReadText } from './tls-settings.js';
