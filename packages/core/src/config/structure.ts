import type { Diagnostic } from '@pipeline/errors';
import { validate as validatePipelineFile } from '../generated/pipeline-file-validator.js';
import { pipelineFileJsonSchema } from '../schema/file-json-schema.js';
import { DiagnosticCode } from './codes.js';
import type { NodePath, PipelineSource } from './source.js';
import { suggestion } from './suggest.js';

/** The subset of an ajv error this module reads. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
}

/** Runs the generated ajv validator; returns its raw errors (empty when the value is valid). */
export function structureErrors(value: unknown): SchemaError[] {
  const valid = validatePipelineFile(value) as boolean;
  return valid ? [] : ((validatePipelineFile as unknown as { errors: SchemaError[] }).errors ?? []);
}

/**
 * The structure phase: ajv's errors as located diagnostics, one per problem. ajv reports a failed
 * union (`anyOf`) once per branch; those are folded into one diagnostic about the union.
 */
export function checkStructure(source: PipelineSource, value: unknown): Diagnostic[] {
  return checkStructureOf(source, value).diagnostics;
}

/** The structure phase's diagnostics, and the path of every node they are about (see `pruneBroken`). */
export function checkStructureOf(source: PipelineSource, value: unknown): { diagnostics: Diagnostic[]; broken: NodePath[] } {
  const errors = structureErrors(value);
  const broken = errors.filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if').map(brokenPath);
  const inside = (u: SchemaError, e: SchemaError) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath.startsWith(u.instancePath);
  // A union whose branch of the right type failed on something else (`timeout: soon` fails the
  // string branch's pattern) is reported by that branch's error; otherwise as "must be X or Y".
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const explained = new Set(unions.filter((u) => errors.some((e) => inside(u, e) && e.keyword !== 'type')));
  const byKey = new Map<string, Diagnostic>();
  for (const error of errors) {
    if (explained.has(error)) continue;
    const union = unions.find((u) => inside(u, error));
    if (union && !(explained.has(union) && error.keyword !== 'type')) continue;
    if (error.keyword === 'propertyNames' || error.keyword === 'if') continue; // reported by the inner error
    const d = toDiagnostic(source, error);
    const key = `${d.loc?.line}:${d.loc?.column}:${d.code}`;
    if (!byKey.has(key)) byKey.set(key, d);
  }
  return { diagnostics: [...byKey.values()], broken };
}

/** The node an error is about: the unknown or missing key, the badly named key, or the bad value. */
function brokenPath(error: SchemaError): NodePath {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'additionalProperties') return [...path, String(error.params.additionalProperty)];
  if (error.keyword === 'required') return [...path, String(error.params.missingProperty)];
  return propertyPath(path, error);
}

function toDiagnostic(source: PipelineSource, error: SchemaError): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(schemaAt(parentSchemaPath(error.schemaPath))?.properties ?? {});
      return source.diagnostic([...path, key], 'key', DiagnosticCode.SchemaUnknownKey, `unknown key "${key}" in ${where}`, {
        hint: suggestion(key, known),
      });
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return source.diagnostic(path, 'key', DiagnosticCode.SchemaMissingKey, `${where} is missing "${key}"`, {
        hint: `add \`${key}:\``,
      });
    }
    case 'type':
      return source.diagnostic(propertyPath(path, error), 'value', DiagnosticCode.SchemaType, `${where} must be ${error.params.type}`);
    case 'anyOf': {
      const branches = (schemaAt(error.schemaPath) as unknown as Record<string, unknown>[] | undefined) ?? [];
      const forms = branches.map((b) => (b.type === 'array' ? 'a list' : `a ${String(b.type)}`)).join(' or ');
      return source.diagnostic(path, 'value', DiagnosticCode.SchemaType, `${where} must be ${forms}`);
    }
    case 'enum':
      return source.diagnostic(path, 'value', DiagnosticCode.SchemaInvalid, `${where} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`);
    default: {
      const named = propertyPath(path, error);
      const target = error.propertyName === undefined ? where : `key "${error.propertyName}" in ${where}`;
      const badKey = error.propertyName !== undefined;
      const options = badKey ? { hint: 'names use letters, digits, `_` and `-`, starting with a letter or `_`; a stage id is not a Windows device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9)' } : {};
      // The pattern itself says nothing to a reader; the hint says the rule.
      const message = badKey && error.keyword === 'pattern' ? 'is not an allowed name' : (error.message ?? 'is invalid');
      return source.diagnostic(named, badKey ? 'key' : 'value', DiagnosticCode.SchemaInvalid, `${target} ${message}`, options);
    }
  }
}

/** A failing key name (propertyNames) is reported at the key itself. */
function propertyPath(path: NodePath, error: SchemaError): NodePath {
  return error.propertyName === undefined ? path : [...path, error.propertyName];
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Human words for a path: `stage "convert"`, `params.x`, `the pipeline file`. */
export function describePath(path: NodePath): string {
  if (path.length === 0) return 'the pipeline file';
  if (path[0] === 'stages' && path.length >= 2) {
    const rest = path.slice(2);
    return rest.length ? `\`${rest.join('.')}\` of stage "${path[1]}"` : `stage "${path[1]}"`;
  }
  return `\`${path.join('.')}\``;
}

let fileSchema: Record<string, unknown> | undefined;

function schemaAt(schemaPath: string): { properties?: Record<string, unknown> } | undefined {
  fileSchema ??= pipelineFileJsonSchema();
  let node: unknown = fileSchema;
  for (const step of pointerToPath(schemaPath.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node as { properties?: Record<string, unknown> } | undefined;
}

function parentSchemaPath(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}
