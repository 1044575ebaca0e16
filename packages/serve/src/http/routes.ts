import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelStatistics } from '@pipeline/kserve-client';
import type { PartialModelConfig } from '../model-config.js';
import type { LoadRequest, ModelRepository } from '../repository.js';
import { badRequest, RequestError } from '../request-error.js';
import { modelMetadata, type ServedModel } from '../served-model.js';
import type { ServerMetrics } from '../server-metrics.js';
import { parseJsonBody, send, sendJson } from './body.js';
import { handleInfer } from './infer.js';

export interface RouteContext {
  repository: ModelRepository;
  metrics: ServerMetrics;
  serverVersion: string;
  /** Still loading the repository, or draining after SIGTERM/close(): not ready. */
  draining: () => boolean;
}

/** The v2 extensions this server implements (a subset of Triton's list). */
export const EXTENSIONS = ['model_repository', 'model_repository(unload_dependents)', 'model_configuration', 'binary_tensor_data', 'statistics'];

const MODEL_ROUTE = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|config|infer|stats))?$/;
const REPOSITORY_ROUTE = /^\/v2\/repository\/models\/([^/]+)\/(load|unload)$/;

function findModel(context: RouteContext, name: string, version: string | undefined): ServedModel {
  const model = context.repository.get(name, version);
  if (model !== undefined) return model;
  if (version !== undefined && context.repository.get(name) !== undefined) throw badRequest(`Request for unknown model: '${name}' version ${version} is not found`);
  throw badRequest(`Request for unknown model: '${name}' is not found`);
}

function loadRequestOf(body: Record<string, unknown>): LoadRequest {
  const parameters = body.parameters;
  if (parameters === undefined) return {};
  if (parameters === null || typeof parameters !== 'object') throw badRequest('"parameters" must be an object');
  const request: LoadRequest = {};
  const files: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (key === 'config') {
      if (typeof value !== 'string') throw badRequest('parameter "config" must be a string holding the model config as JSON');
      try {
        request.config = JSON.parse(value) as PartialModelConfig;
      } catch (error) {
        throw badRequest(`parameter "config" is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else if (key.startsWith('file:')) {
      if (typeof value !== 'string') throw badRequest(`parameter "${key}" must be base64 text`);
      files[key.slice('file:'.length)] = Buffer.from(value, 'base64');
    }
  }
  if (Object.keys(files).length > 0) request.files = files;
  return request;
}

/** Routes one request (its body already read); throws RequestError for the client's mistakes. */
export async function route(req: IncomingMessage, res: ServerResponse, body: Buffer, context: RouteContext): Promise<void> {
  // The path alone (no query string): a URL object per request costs more than the rest of the routing.
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  const method = req.method ?? 'GET';
  const { repository } = context;

  if (method === 'GET' && pathname === '/v2/health/live') return send(res, 200, '');
  if (method === 'GET' && pathname === '/v2/health/ready') return send(res, !context.draining() && repository.allReady() ? 200 : 400, '');
  if (method === 'GET' && pathname === '/v2') return sendJson(res, 200, { name: 'pipeline-serve', version: context.serverVersion, extensions: EXTENSIONS });
  if (method === 'GET' && pathname === '/metrics') return send(res, 200, await context.metrics.text(), { 'content-type': context.metrics.contentType });
  if (method === 'GET' && pathname === '/v2/models/stats') return sendJson(res, 200, { model_stats: repository.all().map((m) => m.stats.toJson()) });
  if (method === 'POST' && pathname === '/v2/repository/index') {
    const ready = parseJsonBody(body).ready === true;
    return sendJson(res, 200, await repository.index(ready));
  }
  const control = REPOSITORY_ROUTE.exec(pathname);
  if (method === 'POST' && control !== null) {
    const name = decodeURIComponent(control[1]!);
    const json = parseJsonBody(body);
    if (control[2] === 'load') await repository.load(name, loadRequestOf(json));
    else {
      const parameters = (json.parameters ?? {}) as Record<string, unknown>;
      await repository.unload(name, parameters.unload_dependents === true);
    }
    return sendJson(res, 200, {});
  }
  const match = MODEL_ROUTE.exec(pathname);
  if (match !== null) {
    const name = decodeURIComponent(match[1]!);
    const version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const action = match[3];
    if (method === 'GET' && action === 'ready') {
      return repository.get(name, version) === undefined ? sendJson(res, 400, { error: 'Model version not ready' }) : send(res, 200, '');
    }
    if (method === 'GET' && action === 'stats') {
      if (repository.get(name) === undefined) throw badRequest(`requested model '${name}' is not available`);
      const stats: ModelStatistics[] = (version === undefined ? repository.loadedVersions(name) : [version]).map((v) => findModel(context, name, v).stats.toJson());
      return sendJson(res, 200, { model_stats: stats });
    }
    const model = findModel(context, name, version);
    if (method === 'GET' && action === undefined) return sendJson(res, 200, modelMetadata(model, repository.loadedVersions(name)));
    if (method === 'GET' && action === 'config') return sendJson(res, 200, model.config);
    if (method === 'POST' && action === 'infer') return handleInfer(req, res, model, body);
  }
  throw new RequestError(404, `no route for ${method} ${pathname}`);
}
