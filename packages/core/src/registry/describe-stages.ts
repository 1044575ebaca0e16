import type { AnyStage, InputPort, OutputPort } from '@pipeline/sdk';
import { z } from 'zod';
import type { StageRegistry } from './stage-registry.js';

export interface ParamDescription {
  name: string;
  /** `string`, `number`, `"fp16" | "fp32"`, `string[]`… as JSON Schema sees it. */
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

/** What `pipeline stages` shows of a stage: its ports and params as plain data. */
export interface StageDescription {
  name: string;
  version: number;
  plugin: string | undefined;
  description: string;
  cacheable: boolean;
  inputs: { name: string; kind: string; optional: boolean; many: boolean; refuse: string[]; description: string }[];
  params: ParamDescription[];
  outputs: { name: string; kind: string; optional: boolean; description: string }[];
}

/** Every installed stage as data, sorted by name. */
export function describeStages(registry: StageRegistry): StageDescription[] {
  return registry.stages().map((stage) => ({
    name: stage.name,
    version: stage.version,
    plugin: registry.pluginOf(stage.name)?.name,
    description: stage.description,
    cacheable: stage.cacheable !== false,
    inputs: Object.entries(stage.inputs as Record<string, InputPort>).map(([name, port]) => ({
      name,
      kind: port.kind.name,
      optional: port.optional,
      many: port.many,
      refuse: port.refuse.map((k) => k.name),
      description: port.description,
    })),
    params: describeParams(stage),
    outputs: Object.entries(stage.outputs as Record<string, OutputPort>).map(([name, port]) => ({ name, kind: port.kind.name, optional: port.optional, description: port.description })),
  }));
}

function describeParams(stage: AnyStage): ParamDescription[] {
  let schema: { properties?: Record<string, Record<string, unknown>> } = {};
  try {
    schema = z.toJSONSchema(stage.params, { io: 'input', unrepresentable: 'any' }) as typeof schema;
  } catch {
    // A param schema JSON Schema cannot express still lists its names.
  }
  return Object.keys(stage.params.shape).map((name) => {
    const field = schema.properties?.[name] ?? {};
    const info: ParamDescription = { name, type: typeText(field), required: !(stage.params.shape[name] as z.ZodType).safeParse(undefined).success };
    if (field.default !== undefined) info.default = field.default;
    if (typeof field.description === 'string') info.description = field.description;
    return info;
  });
}

function typeText(field: Record<string, unknown>): string {
  if (Array.isArray(field.enum)) return field.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(field.anyOf)) return field.anyOf.map((f) => typeText(f as Record<string, unknown>)).join(' | ');
  if (field.type === 'array') return `${typeText((field.items ?? {}) as Record<string, unknown>)}[]`;
  if (typeof field.type === 'string') return field.type;
  return Array.isArray(field.type) ? field.type.join(' | ') : 'any';
}
