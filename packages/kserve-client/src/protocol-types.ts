/** JSON shapes of the KServe v2 / Triton HTTP protocol (test/fixtures/reference/triton.md §5). */

export type Parameters = Record<string, string | number | boolean>;

export interface InferInputJson {
  name: string;
  shape: number[];
  datatype: string;
  parameters?: Parameters;
  data?: unknown[];
}

export interface InferRequestedOutputJson {
  name: string;
  parameters?: Parameters;
}

export interface InferRequestJson {
  id?: string;
  parameters?: Parameters;
  inputs: InferInputJson[];
  outputs?: InferRequestedOutputJson[];
}

export interface InferOutputJson {
  name: string;
  shape: number[];
  datatype: string;
  parameters?: Parameters;
  data?: unknown[];
}

export interface InferResponseJson {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Parameters;
  outputs: InferOutputJson[];
}

export interface TensorMetadataJson {
  name: string;
  datatype: string;
  shape: number[];
}

/** `GET /v2`. */
export interface ServerMetadata {
  name: string;
  version: string;
  extensions: string[];
}

/** `GET /v2/models/<m>`; a leading -1 in a shape is the batch dim. */
export interface ModelMetadata {
  name: string;
  versions?: string[];
  platform: string;
  inputs: TensorMetadataJson[];
  outputs: TensorMetadataJson[];
}

export type ModelState = 'UNKNOWN' | 'READY' | 'UNAVAILABLE' | 'LOADING' | 'UNLOADING';

/** One entry of `POST /v2/repository/index`; some servers give only `name`. */
export interface RepositoryIndexEntry {
  name: string;
  version?: string;
  state?: ModelState;
  reason?: string;
}

/** The HTTP header that says how many leading body bytes are the JSON part (binary tensor extension). */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';
