import { z } from 'zod';
import { PipelineFileSchema } from '../config/file-schema.js';

/**
 * The JSON Schema of the pipeline file's structure, without any stage's `with:` block. This is what
 * the CLI's ajv validator checks (it is compiled to `generated/pipeline-file-validator.ts`).
 */
export function pipelineFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PipelineFileSchema, { target: 'draft-07' }) as Record<string, unknown>;
}
