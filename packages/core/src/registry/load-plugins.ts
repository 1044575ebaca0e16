import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginDefinition } from '@pipeline/sdk';

/** How a plugin module is imported; injected so tests need no real packages. */
export type ImportModule = (specifier: string) => Promise<Record<string, unknown>>;

const defaultImport: ImportModule = (specifier) => import(specifier) as Promise<Record<string, unknown>>;

/**
 * Imports one `plugins:` entry: a local file (`./stages.mjs`, relative to the pipeline file) or a
 * package name (resolved from the pipeline file's folder first). The module exports `plugin` or a
 * default PluginDefinition. Throws an Error whose message says what is wrong; the caller locates it.
 */
export async function importPlugin(spec: string, baseDir: string, importModule: ImportModule = defaultImport): Promise<PluginDefinition> {
  const isFile = spec.startsWith('.') || path.isAbsolute(spec);
  const specifier = isFile ? pathToFileURL(path.resolve(baseDir, spec)).href : resolvePackage(spec, baseDir);
  let module: Record<string, unknown>;
  try {
    module = await importModule(specifier);
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : (error as Error).message.split('\n')[0];
    throw new Error(`cannot import plugin "${spec}": ${reason}`);
  }
  const candidate = module.plugin ?? module.default;
  if (!isPluginDefinition(candidate)) {
    throw new Error(`plugin "${spec}" does not export a plugin: expected \`export const plugin = definePlugin({ name, stages })\` or a default export`);
  }
  return candidate;
}

function resolvePackage(name: string, baseDir: string): string {
  try {
    return pathToFileURL(createRequire(path.join(baseDir, 'package.json')).resolve(name)).href;
  } catch {
    // ESM-only packages (no `require` condition) resolve through import() from here instead.
    return name;
  }
}

function isPluginDefinition(value: unknown): value is PluginDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && Array.isArray(v.stages) && v.stages.every((s) => typeof s === 'object' && s !== null && typeof (s as { name?: unknown }).name === 'string');
}
