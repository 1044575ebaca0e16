import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Runner } from '@pipeline/runner';
import type { TensorSpec } from '@pipeline/tensor';
import { KServeClient, type KServeClientOptions } from './client.js';
import { KSERVE_ERROR_CODES } from './codes.js';
import { KServeError } from './errors.js';
import type { KServeRunnerSettings } from './runner-settings.js';
import type { RunnerTarget } from '@pipeline/runner';
import { openKServeRunner } from './runner.js';
import { refusesClientCertificate } from './tls-diagnosis.js';

/** Models this process loaded on a server, counted per runner, so the last runner to close unloads. */
const uploads = new Map<string, { users: number; loaded: Promise<void> }>();

function clientOptions(settings: KServeRunnerSettings): KServeClientOptions {
  const options: KServeClientOptions = { url: settings.url };
  if (settings.headers !== undefined) options.headers = settings.headers;
  if (settings.bearer_token !== undefined) options.auth = { bearer: settings.bearer_token };
  if (settings.timeout_ms !== undefined) options.timeoutMs = settings.timeout_ms;
  if (settings.tls !== undefined) options.tls = settings.tls;
  return options;
}

/**
 * The client's hint for a failed handshake names its own options (`tls.cert`); a pipeline's user sets
 * `server.tls` of the stage, so the error says which of those fixes it.
 */
function withServerTlsHint(error: unknown): unknown {
  if (!(error instanceof KServeError) || error.code !== KSERVE_ERROR_CODES.tls) return error;
  const hint = refusesClientCertificate(error.message)
    ? 'the server (or the gateway before it) wants a client certificate it trusts (mutual TLS): give server.tls.cert_file and server.tls.key_file (PEM files)'
    : 'give the CA that signed the server’s certificate as server.tls.ca (PEM text) or server.tls.ca_file, or the name it carries as server.tls.servername; server.tls.reject_unauthorized: false skips verification (never for production)';
  return new KServeError(KSERVE_ERROR_CODES.tls, error.message, { url: error.url, hint, cause: error.cause });
}

/** How a model file is laid out for a load request: a TensorRT plan for the tensorrt backend, else ONNX. */
function layoutOf(target: RunnerTarget): { file: string; config: Record<string, unknown> } {
  const plan = target.kind?.startsWith('tensorrt-engine') === true || /\.(plan|engine)$/.test(target.path);
  return plan ? { file: '1/model.plan', config: { backend: 'tensorrt' } } : { file: '1/model.onnx', config: { backend: 'onnxruntime' } };
}

/**
 * The server reports a dynamic dim as -1; an ONNX file names it (`batch`, `p2o.DynamicDimension.1`). Data
 * sources size dynamic dims by those names, so an uploaded model keeps its file's names, as it would run locally.
 */
async function namedDims(specs: readonly TensorSpec[], modelFile: string, role: 'inputs' | 'outputs'): Promise<TensorSpec[]> {
  const { readModel, modelIO } = await import('@pipeline/onnx');
  const local = modelIO(await readModel(modelFile))[role];
  return specs.map((spec) => {
    const file = local.find((v) => v.name === spec.name)?.shape;
    if (spec.shape === undefined || file === null || file === undefined || file.length !== spec.shape.length) return spec;
    return { ...spec, shape: spec.shape.map((dim, axis) => dim ?? (typeof file[axis] === 'string' ? (file[axis] as string) : null)) };
  });
}

/**
 * Opens `runner: triton`: the named served model, or the target's model file uploaded under a name made
 * from its content (`pipeline_<sha256 prefix>`), with a config the server completes itself.
 */
export async function openServedRunner(target: RunnerTarget, settings: KServeRunnerSettings, signal?: AbortSignal): Promise<Runner> {
  try {
    return await openRunner(target, settings, signal);
  } catch (error) {
    throw withServerTlsHint(error);
  }
}

async function openRunner(target: RunnerTarget, settings: KServeRunnerSettings, signal?: AbortSignal): Promise<Runner> {
  const options = clientOptions(settings);
  if (settings.model !== undefined) {
    return openKServeRunner({ ...options, model: settings.model, ...(settings.version === undefined ? {} : { version: settings.version }) });
  }
  const bytes = await readFile(target.path);
  const model = `pipeline_${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
  const key = `${settings.url}\u0000${model}`;
  const client = new KServeClient(options);
  let upload = uploads.get(key);
  if (upload === undefined) {
    const { file, config } = layoutOf(target);
    upload = { users: 0, loaded: client.loadModel(model, { config: { name: model, ...config }, files: { [file]: bytes }, ...(signal ? { signal } : {}) }) };
    uploads.set(key, upload);
  }
  upload.users += 1;
  const release = async () => {
    upload.users -= 1;
    if (upload.users > 0) return;
    uploads.delete(key);
    await client.unloadModel(model).catch(() => {});
  };
  try {
    await upload.loaded;
    const runner = await openKServeRunner({ ...options, model });
    const onnx = layoutOf(target).file.endsWith('.onnx');
    return {
      ...runner,
      inputs: onnx ? await namedDims(runner.inputs, target.path, 'inputs') : runner.inputs,
      outputs: onnx ? await namedDims(runner.outputs, target.path, 'outputs') : runner.outputs,
      info: { ...runner.info, details: { ...runner.info.details, uploadedFrom: target.path } },
      run: runner.run.bind(runner),
      close: async () => {
        await runner.close();
        await release();
        await client.close();
      },
    };
  } catch (error) {
    await release();
    await client.close();
    throw error;
  }
}
