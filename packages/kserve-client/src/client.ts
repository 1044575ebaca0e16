import type { Tensor } from '@pipeline/tensor';
import { KSERVE_ERROR_CODES, KServeError } from './errors.js';
import { type CallOptions, type HttpAnswer, type HttpOptions, HttpTransport } from './http.js';
import { type EncodeInferRequestOptions, encodeInferRequest } from './infer-request.js';
import { decodeInferResponse } from './infer-response.js';
import { parsePrometheusText } from './prometheus.js';
import { INFERENCE_HEADER_CONTENT_LENGTH, type InferResponseJson, type ModelMetadata, type RepositoryIndexEntry, type ServerMetadata } from './protocol-types.js';
import type { ModelStatistics } from './statistics.js';
import { readTritonMetrics, type TritonMetrics } from './triton-metrics.js';

export interface KServeClientOptions extends HttpOptions {
  /** Where Prometheus metrics are scraped; default: the server's host on Triton's metrics port 8002. */
  metricsUrl?: string;
}

/** Per-call options every method takes. */
export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface InferOptions extends RequestOptions, EncodeInferRequestOptions {
  version?: string;
}

export interface InferResult {
  modelName: string;
  modelVersion: string | undefined;
  id: string | undefined;
  outputs: Record<string, Tensor>;
  /** The response's JSON header as the server sent it. */
  response: InferResponseJson;
}

export interface LoadModelOptions extends RequestOptions {
  /** A ModelConfig (Triton's JSON form, snake_case) that overrides the repository's config.pbtxt. */
  config?: Record<string, unknown> | string;
  /** Files for servers whose repository is not mounted: path inside the model folder (`1/model.onnx`) → bytes. */
  files?: Record<string, Uint8Array>;
}

const modelPath = (model: string, version?: string) => `/v2/models/${encodeURIComponent(model)}${version === undefined ? '' : `/versions/${encodeURIComponent(version)}`}`;

function json<T>(answer: HttpAnswer, url: string): T {
  try {
    return JSON.parse(Buffer.from(answer.body).toString('utf8')) as T;
  } catch (error) {
    throw new KServeError(KSERVE_ERROR_CODES.protocol, `${url}: the answer is not JSON`, { url, status: answer.status, cause: error });
  }
}

function defaultMetricsUrl(base: string): string {
  const url = new URL(base);
  url.port = '8002';
  url.pathname = '/metrics';
  return url.toString();
}

const pollModeOn503 = (status: number) => (status === 503 ? KSERVE_ERROR_CODES.pollMode : undefined);
const POLL_MODE_HINT = 'the server polls its model repository (--model-control-mode=poll or none), so it loads and unloads models itself; start it with --model-control-mode=explicit to load by request, or change the repository and wait for the next poll';

/** A client of one KServe v2 / Triton HTTP server. */
export class KServeClient {
  readonly url: string;
  readonly metricsUrl: string;
  private readonly http: HttpTransport;

  constructor(options: KServeClientOptions) {
    this.http = new HttpTransport(options);
    this.url = this.http.baseUrl;
    this.metricsUrl = options.metricsUrl ?? defaultMetricsUrl(this.url);
  }

  private call(method: 'GET' | 'POST', path: string, options: RequestOptions & Omit<CallOptions, 'signal' | 'timeoutMs'> = {}): Promise<HttpAnswer> {
    const call: CallOptions = { ...options };
    return this.http.call(method, path.startsWith('http') ? path : `${this.url}${path}`, call);
  }

  /** `GET /v2/health/live`: true on 200. Triton answers 400 with an empty body when not live, so the status decides. */
  async serverLive(options?: RequestOptions): Promise<boolean> {
    return this.probe('/v2/health/live', options);
  }

  async serverReady(options?: RequestOptions): Promise<boolean> {
    return this.probe('/v2/health/ready', options);
  }

  async modelReady(model: string, version?: string, options?: RequestOptions): Promise<boolean> {
    return this.probe(`${modelPath(model, version)}/ready`, options);
  }

  private async probe(path: string, options: RequestOptions = {}): Promise<boolean> {
    try {
      await this.call('GET', path, options);
      return true;
    } catch (error) {
      if (error instanceof KServeError && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
      throw error;
    }
  }

  async serverMetadata(options?: RequestOptions): Promise<ServerMetadata> {
    return json(await this.call('GET', '/v2', options), `${this.url}/v2`);
  }

  async modelMetadata(model: string, version?: string, options?: RequestOptions): Promise<ModelMetadata> {
    return json(await this.call('GET', modelPath(model, version), options), modelPath(model, version));
  }

  /** `GET /v2/models/<m>/config`: the (completed) ModelConfig in Triton's JSON form. */
  async modelConfig(model: string, version?: string, options?: RequestOptions): Promise<Record<string, unknown>> {
    return json(await this.call('GET', `${modelPath(model, version)}/config`, options), `${modelPath(model, version)}/config`);
  }

  /** Runs one request; inputs and outputs travel as binary parts unless told otherwise. */
  async infer(model: string, inputs: Readonly<Record<string, Tensor>>, options: InferOptions = {}): Promise<InferResult> {
    const { body, headerLength } = encodeInferRequest(inputs, options);
    const headers: Record<string, string> = { 'content-type': headerLength === undefined ? 'application/json' : 'application/octet-stream' };
    if (headerLength !== undefined) headers[INFERENCE_HEADER_CONTENT_LENGTH] = String(headerLength);
    const path = `${modelPath(model, options.version)}/infer`;
    const call: RequestOptions & { body: Buffer; headers: Record<string, string> } = { body, headers };
    if (options.timeoutMs !== undefined) call.timeoutMs = options.timeoutMs;
    if (options.signal !== undefined) call.signal = options.signal;
    const answer = await this.call('POST', path, call);
    const header = answer.headers[INFERENCE_HEADER_CONTENT_LENGTH];
    try {
      const { response, outputs } = decodeInferResponse(answer.body, header === undefined ? undefined : Number(header));
      return { modelName: response.model_name, modelVersion: response.model_version, id: response.id, outputs, response };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new KServeError(KSERVE_ERROR_CODES.protocol, `${this.url}${path}: the response does not follow the protocol: ${reason}`, { url: `${this.url}${path}`, cause: error });
    }
  }

  /** `GET /v2/models[/<m>[/versions/<n>]]/stats`. Counters are cumulative: see `statisticsDelta`. */
  async modelStatistics(model?: string, version?: string, options?: RequestOptions): Promise<ModelStatistics[]> {
    const path = model === undefined ? '/v2/models/stats' : `${modelPath(model, version)}/stats`;
    const body = json<{ model_stats?: ModelStatistics[] }>(await this.call('GET', path, options), path);
    if (!Array.isArray(body.model_stats)) throw new KServeError(KSERVE_ERROR_CODES.protocol, `${this.url}${path}: no "model_stats" list`, { url: `${this.url}${path}` });
    return body.model_stats;
  }

  async repositoryIndex(filter: { ready?: boolean } = {}, options: RequestOptions = {}): Promise<RepositoryIndexEntry[]> {
    return json(await this.call('POST', '/v2/repository/index', { ...options, body: JSON.stringify(filter) }), '/v2/repository/index');
  }

  /**
   * `POST /v2/repository/models/<m>/load`, optionally with a config and the model's files (base64 `file:`
   * parameters). A 503 is E_KSERVE_POLL_MODE: the server does not take load requests in its control mode.
   */
  async loadModel(model: string, options: LoadModelOptions = {}): Promise<void> {
    const parameters: Record<string, string> = {};
    if (options.config !== undefined) parameters.config = typeof options.config === 'string' ? options.config : JSON.stringify(options.config);
    for (const [file, bytes] of Object.entries(options.files ?? {})) parameters[`file:${file}`] = Buffer.from(bytes).toString('base64');
    await this.repositoryControl(model, 'load', Object.keys(parameters).length === 0 ? {} : { parameters }, options);
  }

  async unloadModel(model: string, options: RequestOptions & { unloadDependents?: boolean } = {}): Promise<void> {
    await this.repositoryControl(model, 'unload', options.unloadDependents === undefined ? {} : { parameters: { unload_dependents: options.unloadDependents } }, options);
  }

  private async repositoryControl(model: string, action: 'load' | 'unload', body: object, options: RequestOptions): Promise<void> {
    try {
      await this.call('POST', `/v2/repository/models/${encodeURIComponent(model)}/${action}`, { timeoutMs: options.timeoutMs ?? 120_000, ...options, body: JSON.stringify(body), statusCode: pollModeOn503 });
    } catch (error) {
      if (error instanceof KServeError && error.code === KSERVE_ERROR_CODES.pollMode) {
        throw new KServeError(KSERVE_ERROR_CODES.pollMode, `${action} of model "${model}" refused: ${error.serverMessage ?? 'HTTP 503'}`, { url: error.url, status: 503, hint: POLL_MODE_HINT, cause: error });
      }
      throw error;
    }
  }

  /** Scrapes `metricsUrl` and reads Triton's nv_* families (per-model counters, GPU and CPU gauges). */
  async metrics(options?: RequestOptions): Promise<TritonMetrics> {
    const answer = await this.call('GET', this.metricsUrl, options);
    try {
      return readTritonMetrics(parsePrometheusText(Buffer.from(answer.body).toString('utf8')));
    } catch (error) {
      throw new KServeError(KSERVE_ERROR_CODES.protocol, `${this.metricsUrl}: not Prometheus text: ${error instanceof Error ? error.message : String(error)}`, { url: this.metricsUrl, cause: error });
    }
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.http.close();
  }
}

export function createKServeClient(options: KServeClientOptions): KServeClient {
  return new KServeClient(options);
}
