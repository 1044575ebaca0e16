import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RepositoryIndexEntry } from '@pipeline/kserve-client';
import { ModelLoadError } from './complete-config.js';
import { EnsembleServedModel } from './ensemble-model.js';
import type { PartialModelConfig } from './model-config.js';
import { OnnxServedModel, onnxModelFile } from './onnx-model.js';
import { badRequest, RequestError } from './request-error.js';
import type { ServedModel } from './served-model.js';
import type { ServerMetrics } from './server-metrics.js';
import { versionDirectories, versionsToLoad } from './version-dirs.js';

/** Reads a model folder's config.pbtxt into Triton's JSON form; undefined when there is none (auto-complete). */
export type ConfigReader = (modelDir: string) => Promise<PartialModelConfig | undefined>;

interface ModelEntry {
  state: 'READY' | 'UNAVAILABLE' | 'LOADING' | 'UNLOADING';
  reason: string | undefined;
  versions: Map<string, ServedModel>;
  /** A folder made for a load request's `file:` contents, removed with the model. */
  scratchDir: string | undefined;
}

export interface LoadRequest {
  /** A ModelConfig (JSON) that replaces the folder's config.pbtxt. */
  config?: PartialModelConfig;
  /** `file:<path>` contents: the model folder is built from them (with `config`) in a scratch folder. */
  files?: Record<string, Buffer>;
}

const isEnsemble = (config: PartialModelConfig | undefined) => config?.platform === 'ensemble' || config?.ensemble_scheduling !== undefined;

/**
 * The models of one repository folder and their states. Every folder is loaded at start; load and unload
 * requests (Triton's explicit model-control mode) reload or drop one. A model that fails to load stays in
 * the index as UNAVAILABLE with its reason, and the others serve.
 */
export class ModelRepository {
  private readonly models = new Map<string, ModelEntry>();

  constructor(
    readonly root: string,
    private readonly metrics: ServerMetrics,
    private readonly readConfig: ConfigReader,
  ) {}

  /** Loads every model folder: plain models first, then ensembles (they need their composing models). */
  async loadAll(): Promise<void> {
    const folders = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    const configs = new Map<string, PartialModelConfig | undefined | Error>();
    for (const name of folders) configs.set(name, await this.readConfig(path.join(this.root, name)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    const ensemble = (name: string) => !(configs.get(name) instanceof Error) && isEnsemble(configs.get(name) as PartialModelConfig | undefined);
    // Plain models load side by side (each start-up is mostly ONNX Runtime opening sessions in instance processes).
    await Promise.all(folders.filter((n) => !ensemble(n)).map((name) => this.loadModel(name, path.join(this.root, name), configs.get(name), undefined)));
    for (const name of folders.filter(ensemble)) await this.loadModel(name, path.join(this.root, name), configs.get(name), undefined);
  }

  private async loadModel(name: string, modelDir: string, config: PartialModelConfig | undefined | Error, scratchDir: string | undefined): Promise<void> {
    const entry: ModelEntry = { state: 'LOADING', reason: undefined, versions: new Map(), scratchDir };
    this.models.set(name, entry);
    try {
      if (config instanceof Error) throw config;
      const given = config ?? {};
      const available = await versionDirectories(modelDir);
      const chosen = versionsToLoad([...available.keys()], given.version_policy);
      if (chosen.length === 0) throw new ModelLoadError(`at least one version must be available under the version policy of model '${name}'`);
      for (const version of chosen) {
        const started = process.hrtime.bigint();
        const model = await this.openVersion(name, String(version), path.join(modelDir, available.get(version)!), given);
        entry.versions.set(String(version), model);
        this.metrics.addModel({ model: name, version: String(version) }, Number(process.hrtime.bigint() - started) / 1e9);
      }
      entry.state = 'READY';
    } catch (error) {
      await Promise.all([...entry.versions.values()].map((m) => m.close()));
      entry.versions.clear();
      entry.state = 'UNAVAILABLE';
      entry.reason = error instanceof Error ? error.message : String(error);
    }
  }

  private async openVersion(name: string, version: string, versionDir: string, config: PartialModelConfig): Promise<ServedModel> {
    if (isEnsemble(config)) return EnsembleServedModel.load({ name, version, config, metrics: this.metrics, lookup: (m, v) => this.get(m, v < 0 ? undefined : String(v)) });
    const kind = config.platform ?? config.backend;
    if (kind !== undefined && kind !== 'onnxruntime_onnx' && kind !== 'onnxruntime') {
      throw new ModelLoadError(`platform/backend '${kind}' is not served here: this development server runs onnxruntime_onnx models and ensembles of them`);
    }
    let modelFile = onnxModelFile(versionDir, config);
    const info = await stat(modelFile).catch(() => undefined);
    if (info === undefined) throw new ModelLoadError(`no model file ${path.relative(this.root, modelFile)}`);
    if (info.isDirectory()) modelFile = path.join(modelFile, 'model.onnx');
    return OnnxServedModel.load({ name, version, modelFile, config, metrics: this.metrics });
  }

  /** A READY model's version (the highest loaded one when `version` is undefined or empty). */
  get(name: string, version?: string): ServedModel | undefined {
    const entry = this.models.get(name);
    if (entry?.state !== 'READY') return undefined;
    if (version !== undefined && version !== '') return entry.versions.get(version);
    return [...entry.versions.values()].sort((a, b) => Number(b.version) - Number(a.version))[0];
  }

  loadedVersions(name: string): string[] {
    return [...(this.models.get(name)?.versions.keys() ?? [])];
  }

  /** Every READY model version. */
  all(): ServedModel[] {
    return [...this.models.values()].filter((e) => e.state === 'READY').flatMap((e) => [...e.versions.values()]);
  }

  /** `POST /v2/repository/index`: every model folder with its state, and the reason for one that is not READY. */
  async index(readyOnly: boolean): Promise<RepositoryIndexEntry[]> {
    const folders = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    const names = [...new Set([...folders, ...this.models.keys()])].sort();
    const entries: RepositoryIndexEntry[] = [];
    for (const name of names) {
      const entry = this.models.get(name);
      if (entry === undefined) {
        if (!readyOnly) entries.push({ name });
        continue;
      }
      if (readyOnly && entry.state !== 'READY') continue;
      if (entry.versions.size === 0) entries.push(entry.reason === undefined ? { name, state: entry.state } : { name, state: entry.state, reason: entry.reason });
      for (const version of entry.versions.keys()) entries.push({ name, version, state: entry.state });
    }
    return entries;
  }

  /** Whether every model that is meant to be loaded is READY (Triton's strict readiness). */
  allReady(): boolean {
    return [...this.models.values()].every((e) => e.state === 'READY' || e.reason === 'unloaded');
  }

  /** Loads (or reloads) a model: from its folder, or from a load request's config and files. */
  async load(name: string, request: LoadRequest = {}): Promise<void> {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') throw badRequest(`'${name}' is not a model name`);
    const modelDir = path.join(this.root, name);
    let scratchDir: string | undefined;
    let dir = modelDir;
    if (request.files !== undefined && Object.keys(request.files).length > 0) {
      if (request.config === undefined) throw badRequest(`load request for '${name}' carries file contents but no "config" parameter`);
      scratchDir = await mkdtemp(path.join(os.tmpdir(), 'pipeline-serve-'));
      dir = path.join(scratchDir, name);
      try {
        for (const [file, bytes] of Object.entries(request.files)) {
          const target = path.resolve(dir, file);
          if (!target.startsWith(dir + path.sep)) throw badRequest(`file:${file} leaves the model folder`);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, bytes);
        }
      } catch (error) {
        await rm(scratchDir, { recursive: true, force: true });
        throw error;
      }
    } else if (!(await stat(modelDir).catch(() => undefined))?.isDirectory()) {
      throw new RequestError(400, `failed to load '${name}', failed to poll from model repository`);
    }
    const config = request.config ?? (await this.readConfig(dir).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    await this.dropModel(name);
    await this.loadModel(name, dir, config, scratchDir);
    const entry = this.models.get(name)!;
    if (entry.state !== 'READY') throw badRequest(`failed to load '${name}': ${entry.reason ?? 'unknown reason'}`);
  }

  /** Unloads a model (and, when asked, the ensembles that use it). */
  async unload(name: string, unloadDependents: boolean): Promise<void> {
    if (!this.models.has(name)) throw badRequest(`failed to unload '${name}', no model with that name is known`);
    if (unloadDependents) {
      for (const [other, entry] of this.models) {
        const uses = [...entry.versions.values()].some((m) => m.config.ensemble_scheduling?.step.some((s) => s.model_name === name));
        if (uses) await this.unload(other, false);
      }
    }
    await this.dropModel(name);
    this.models.set(name, { state: 'UNAVAILABLE', reason: 'unloaded', versions: new Map(), scratchDir: undefined });
  }

  private async dropModel(name: string): Promise<void> {
    const entry = this.models.get(name);
    if (entry === undefined) return;
    entry.state = 'UNLOADING';
    for (const model of entry.versions.values()) {
      this.metrics.removeModel({ model: name, version: model.version });
      await model.close();
    }
    entry.versions.clear();
    if (entry.scratchDir !== undefined) await rm(entry.scratchDir, { recursive: true, force: true });
    this.models.delete(name);
  }

  async close(): Promise<void> {
    for (const name of [...this.models.keys()]) await this.dropModel(name);
  }
}

/** The default config reader: `config.pbtxt` through `parse`, or undefined when the folder has none. */
export function configFileReader(parse: (text: string, file: string) => PartialModelConfig): ConfigReader {
  return async (modelDir) => {
    const file = path.join(modelDir, 'config.pbtxt');
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return text === undefined ? undefined : parse(text, file);
  };
}
