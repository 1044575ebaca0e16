import type { Diagnostic } from '@pipeline/errors';
import { DiagnosticCode } from '../config/codes.js';
import type { ParamDecl } from '../config/file-schema.js';
import type { PipelineSource } from '../config/source.js';
import { suggestion } from '../config/suggest.js';

/**
 * The pipeline's params after defaults and `-p key=value` overrides, each coerced to its declared
 * type. Problems with a declaration point at it; problems with a `-p` flag have no location in the file.
 */
export function resolvePipelineParams(
  source: PipelineSource,
  declared: Readonly<Record<string, ParamDecl>>,
  overrides: Readonly<Record<string, string>>,
): { params: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const params: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(declared, name)) {
      diagnostics.push({
        code: DiagnosticCode.PipelineParamUnknown,
        severity: 'error',
        message: `-p ${name}: the pipeline ${source.displayFile} declares no param "${name}"`,
        hint: suggestion(name, Object.keys(declared), 'declared params'),
      });
    }
  }
  for (const [name, decl] of Object.entries(declared)) {
    const enumProblem = checkDeclaration(decl);
    if (enumProblem) {
      diagnostics.push(source.diagnostic(['params', name, enumProblem.key], enumProblem.key === 'type' ? 'value' : 'key', DiagnosticCode.SchemaInvalid, enumProblem.message));
      continue;
    }
    const raw = overrides[name];
    if (raw !== undefined) {
      const value = coerce(raw, decl);
      if (value.ok) params[name] = value.value;
      else diagnostics.push({ code: DiagnosticCode.PipelineParamInvalid, severity: 'error', message: `-p ${name}=${raw}: ${value.reason}`, hint: describeType(decl) });
    } else if (decl.default !== undefined) {
      const value = coerce(decl.default, decl);
      if (value.ok) params[name] = value.value;
      else diagnostics.push(source.diagnostic(['params', name, 'default'], 'value', DiagnosticCode.PipelineParamInvalid, `default of param "${name}": ${value.reason}`, { hint: describeType(decl) }));
    } else {
      diagnostics.push(
        source.diagnostic(['params', name], 'key', DiagnosticCode.PipelineParamRequired, `param "${name}" has no default and was not set`, {
          hint: `pass -p ${name}=<value> or give it a default`,
        }),
      );
    }
  }
  return { params, diagnostics };
}

function checkDeclaration(decl: ParamDecl): { key: string; message: string } | undefined {
  if (decl.type === 'enum' && !decl.values) return { key: 'type', message: 'an enum param needs `values:`' };
  if (decl.type !== 'enum' && decl.values) return { key: 'values', message: '`values:` is only for params of type enum' };
  return undefined;
}

type Coerced = { ok: true; value: string | number | boolean } | { ok: false; reason: string };

/** Reads a `-p` string (or a YAML default) as the declared type. */
export function coerce(raw: string | number | boolean, decl: ParamDecl): Coerced {
  const text = String(raw).trim();
  switch (decl.type) {
    case 'string':
      return { ok: true, value: String(raw) };
    case 'number': {
      const n = typeof raw === 'number' ? raw : text === '' ? Number.NaN : Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `"${text}" is not a number` };
    }
    case 'boolean':
      if (raw === true || ['true', 'yes', '1', 'on'].includes(text.toLowerCase())) return { ok: true, value: true };
      if (raw === false || ['false', 'no', '0', 'off'].includes(text.toLowerCase())) return { ok: true, value: false };
      return { ok: false, reason: `"${text}" is not true or false` };
    case 'enum': {
      const match = (decl.values ?? []).find((v) => String(v) === text);
      return match === undefined ? { ok: false, reason: `"${text}" is not one of ${(decl.values ?? []).join(', ')}` } : { ok: true, value: match };
    }
  }
}

function describeType(decl: ParamDecl): string {
  return decl.type === 'enum' ? `one of: ${(decl.values ?? []).join(', ')}` : `a ${decl.type}`;
}
