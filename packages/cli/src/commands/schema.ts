import path from 'node:path';
import { ExitCode } from '@pipeline/errors';
import type { Command } from '../io.js';
import { builtinRegistry } from '../load-pipeline.js';
import { writeOutputFile } from '../output-file.js';

/** The committed schema's file name under `schemas/`; the drift test compares against it. */
export const PIPELINE_SCHEMA_FILE = 'pipeline.schema.json';

/** The schema as committed: generated from the zod schemas and the built-in stages, two-space JSON. */
export async function pipelineSchemaText(): Promise<string> {
  const [{ pipelineJsonSchema }, registry] = await Promise.all([import('@pipeline/core'), builtinRegistry()]);
  return `${JSON.stringify(pipelineJsonSchema(registry), null, 2)}\n`;
}

/** `pipeline schema [--write <dir>]`: the JSON Schema of pipeline files, for editors and CI. */
export const schemaCommand: Command = {
  name: 'schema',
  usage: [
    'pipeline schema [--write <dir>]',
    '',
    `Prints the schema, or writes <dir>/${PIPELINE_SCHEMA_FILE}. Point an editor at it with`,
    `  # yaml-language-server: $schema=<path>/${PIPELINE_SCHEMA_FILE}`,
    'as the first line of a pipeline file.',
  ].join('\n'),
  options: { write: { type: 'string' } },
  async run({ values }, io) {
    const text = await pipelineSchemaText();
    if (typeof values.write !== 'string') {
      io.stdout.write(text);
      return ExitCode.Success;
    }
    const target = path.join(path.resolve(io.cwd, values.write), PIPELINE_SCHEMA_FILE);
    await writeOutputFile(target, text, '--write');
    io.stdout.write(`wrote ${path.relative(io.cwd, target) || target}\n`);
    return ExitCode.Success;
  },
};
