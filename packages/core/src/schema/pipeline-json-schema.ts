// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import type { AnyStage, InputPort } from '@pipeline/sdk';
import { z } from 'zod';
import type { StageRegistry } from '../registry/stage-registry.js';
import { pipelineFileJsonSchema } from './file-json-schema.js';

type JsonSchema = Record<string, unknown>;

const EXPRESSION = { type: 'string', pattern: '\\$\\{\\{[\\s\\S]*\\}\\}', description: 'An expression: `${{ params.x }}`, `${{ stages.<id>.outputs.<name> }}`.' };

/**
 * The JSON Schema editors use (`# yaml-language-server: $schema=…`): the file's structure plus, for
 * each registered stage, its `with:` block selected by `uses:` — inputs as paths or references,
 * params with their types, defaults and descriptions. Stable output (stages sorted) for the drift test.
 */
export function pipelineJsonSchema(registry: StageRegistry): object {
  const schema = structuredClone(pipelineFileJsonSchema()) as JsonSchema;
  schema.$id = 'https://pipeline.dev/schemas/pipeline.schema.json';
  const stages = (schema.properties as JsonSchema).stages as JsonSchema;
  const stageSchema = stages.additionalProperties as JsonSchema;
  const uses = (stageSchema.properties as JsonSchema).uses as JsonSchema;
  const installed = registry.stages();
  uses.examples = installed.map((s) => s.name);
  stageSchema.allOf = installed.map((stage) => ({
    if: { properties: { uses: { const: stage.name } }, required: ['uses'] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is JSON Schema's keyword, not a thenable.
    then: { properties: { with: withSchema(stage) } },
  }));
  return schema;
}

function withSchema(stage: AnyStage): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, port] of Object.entries(stage.inputs) as [string, InputPort][]) {
    const one = { type: 'string', description: `A path (relative to this file) or \`\${{ stages.<id>.outputs.<name> }}\` of kind ${port.kind.name}.` };
    properties[name] = {
      description: `${port.description || `Input of kind ${port.kind.name}.`}${port.refuse.length ? ` Refuses ${port.refuse.map((k) => k.name).join(', ')}.` : ''}`,
      ...(port.many ? { anyOf: [one, { type: 'array', items: one }] } : one),
    };
    if (!port.optional) required.push(name);
  }
  const params = paramsJsonSchema(stage);
  for (const [name, field] of Object.entries((params.properties ?? {}) as Record<string, JsonSchema>)) {
    const { description, default: fallback, ...rest } = field;
    properties[name] = {
      ...(description === undefined ? {} : { description }),
      ...(fallback === undefined ? {} : { default: fallback }),
      anyOf: [asCheckReadsIt(rest), EXPRESSION],
    };
  }
  required.push(...((params.required as string[] | undefined) ?? []).filter((name) => (stage.params.shape[name] as z.ZodType).safeParse(undefined).success === false));
  return {
    type: 'object',
    description: `${stage.name} v${stage.version}: ${stage.description}`,
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

/**
 * A param's schema as `pipeline check` reads the value: any nested value may be a `${{ }}` expression
 * (`gates: { max_p99_ms: "${{ params.p99 }}" }`), and an object zod would strip keys from (a plain
 * `z.object`: no `additionalProperties` in its JSON Schema) refuses unknown keys, as check does.
 */
function asCheckReadsIt(node: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...node };
  const value = (child: unknown): JsonSchema => ({ anyOf: [asCheckReadsIt(child as JsonSchema), EXPRESSION] });
  if (node.properties && typeof node.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([key, child]) => [key, value(child)]));
    if (!('additionalProperties' in node)) out.additionalProperties = false;
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object' && Object.keys(node.additionalProperties).length > 0) out.additionalProperties = value(node.additionalProperties);
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.items = value(node.items);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(node[keyword])) out[keyword] = (node[keyword] as JsonSchema[]).map(asCheckReadsIt);
  }
  for (const keyword of ['definitions', '$defs'] as const) {
    if (node[keyword] && typeof node[keyword] === 'object') out[keyword] = Object.fromEntries(Object.entries(node[keyword] as Record<string, JsonSchema>).map(([k, d]) => [k, asCheckReadsIt(d)]));
  }
  return out;
}

function paramsJsonSchema(stage: AnyStage): JsonSchema {
  try {
    return z.toJSONSchema(stage.params, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    // A param schema JSON Schema cannot express (a transform) still gets completion for its keys.
    return { properties: Object.fromEntries(Object.keys(stage.params.shape).map((k) => [k, {}])) };
  }
}
