import { readFile } from 'node:fs/promises';
import { InvalidInputError, UsageError } from '@pipeline/errors';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord, runRecordSchema } from './run-record.js';

type JsonObject = Record<string, unknown>;

/**
 * Upgraders of run.json from version N to N + 1, applied in turn until the current version. A version
 * with no upgrader here is refused with the version that reads it, never parsed as if it were current:
 * a field that changed meaning would be misread silently. Empty while version 1 is the only one.
 */
export const RUN_RECORD_UPGRADERS: Readonly<Record<number, (old: JsonObject) => JsonObject>> = {};

/** The first version this build can read (through `RUN_RECORD_UPGRADERS`). */
function oldestReadable(upgraders: Readonly<Record<number, unknown>>): number {
  let version = RUN_RECORD_SCHEMA_VERSION;
  while (upgraders[version - 1]) version -= 1;
  return version;
}

/**
 * A run.json's content as the current `RunRecord`: dispatched on `schemaVersion` — the current version
 * is checked against the schema, an older one goes through the upgraders, a newer one (or one too old
 * to upgrade) is refused with `E_RUN_RECORD_VERSION` saying which version it is and which this reads.
 * `source` names the file in messages.
 */
export function readRunRecord(value: unknown, source: string, upgraders: Readonly<Record<number, (old: JsonObject) => JsonObject>> = RUN_RECORD_UPGRADERS): RunRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError('E_RUN_RECORD_INVALID', `${source}: not a run record (expected a JSON object)`);
  }
  let record = value as JsonObject;
  const version = record.schemaVersion;
  const oldest = oldestReadable(upgraders);
  const readable = oldest === RUN_RECORD_SCHEMA_VERSION ? `${RUN_RECORD_SCHEMA_VERSION}` : `${oldest} to ${RUN_RECORD_SCHEMA_VERSION}`;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new InvalidInputError('E_RUN_RECORD_VERSION', `${source}: no schemaVersion, so not a run.json this pipeline can read (it reads schemaVersion ${readable})`);
  }
  if (version > RUN_RECORD_SCHEMA_VERSION) {
    throw new InvalidInputError('E_RUN_RECORD_VERSION', `${source}: run.json schemaVersion ${version} was written by a newer pipeline; this one reads schemaVersion ${readable}`, {
      hint: `upgrade pipeline to a release that reads run.json schemaVersion ${version}`,
    });
  }
  if (version < oldest) {
    throw new InvalidInputError('E_RUN_RECORD_VERSION', `${source}: run.json schemaVersion ${version} is older than this pipeline reads (schemaVersion ${readable})`, {
      hint: `read it with a pipeline release that reads schemaVersion ${version}, or re-run the pipeline`,
    });
  }
  for (let v = version; v < RUN_RECORD_SCHEMA_VERSION; v += 1) {
    const upgrade = upgraders[v];
    if (upgrade) record = { ...upgrade(record), schemaVersion: v + 1 };
  }
  const parsed = runRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidInputError('E_RUN_RECORD_INVALID', `${source}: not a valid run.json (schemaVersion ${version})${at}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as RunRecord;
}

/** Reads and parses a run.json file (`readRunRecord` on its content). */
export async function readRunRecordFile(file: string): Promise<RunRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError('E_RUN_NOT_FOUND', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('E_RUN_RECORD_INVALID', `${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
  return readRunRecord(value, file);
}
