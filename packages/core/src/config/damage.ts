import type { NodePath } from './source.js';

/**
 * What the structure phase found broken, as the later phases need to know it: they check every sound
 * part of the file, and stay silent about what a broken node would only make them repeat.
 */
export interface Damage {
  /** Stages whose entry or `uses:` is broken: they exist (references to them are fine), nothing more is checked. */
  opaqueStages: Set<string>;
  /** Stages whose `with:` or `matrix:` is broken: their `with:` and `if:` go unchecked. */
  uncheckedBodies: Set<string>;
  /** Stages with an unknown key and no `with:` (the key may be a misspelt `with:`): missing inputs and params go unreported. */
  uncheckedMissing: Set<string>;
  /** Declared pipeline params / env names whose declaration is broken: references to them are not reported. */
  params: Set<string>;
  env: Set<string>;
  allParams: boolean;
  allEnv: boolean;
  /** A `plugins:` entry is broken: the stages it would add cannot be told from unknown ones. */
  plugins: boolean;
}

export function noDamage(): Damage {
  return { opaqueStages: new Set(), uncheckedBodies: new Set(), uncheckedMissing: new Set(), params: new Set(), env: new Set(), allParams: false, allEnv: false, plugins: false };
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stage fields whose absence changes nothing the later phases check. */
const DROPPABLE_STAGE_FIELDS = new Set(['if', 'needs', 'timeout', 'retries', 'cache', 'description']);

/**
 * The file without its broken nodes, and what was lost. Undefined when what is broken is the file's
 * frame (not a map, `stages:` missing or not a map): nothing later could be checked then.
 */
export function pruneBroken(value: unknown, broken: readonly NodePath[]): { value: Json; damage: Damage } | undefined {
  if (!isMap(value)) return undefined;
  const file = structuredClone(value);
  const damage = noDamage();
  const removedItems = new Map<string, Set<number>>();
  for (const [top, name, ...rest] of broken) {
    if (top === undefined || (top === 'stages' && (name === undefined || !isMap(file.stages)))) return undefined;
    const key = String(top);
    if (key === 'stages') pruneStage(file.stages as Json, String(name), rest, damage);
    else if (name === undefined) {
      delete file[key];
      if (key === 'params') damage.allParams = true;
      if (key === 'env' || key === 'secrets') damage.allEnv = true;
      if (key === 'plugins') damage.plugins = true;
    } else if (key === 'secrets' || key === 'plugins') {
      // A list entry: removed after the loop, so the other entries' indexes stay valid meanwhile.
      const list = file[key];
      const item = Array.isArray(list) ? list[Number(name)] : undefined;
      if (key === 'secrets' && typeof item === 'string') damage.env.add(item);
      if (key === 'plugins') damage.plugins = true;
      removedItems.set(key, (removedItems.get(key) ?? new Set()).add(Number(name)));
    } else if (isMap(file[key])) {
      delete (file[key] as Json)[String(name)];
      if (key === 'params') damage.params.add(String(name));
      if (key === 'env') damage.env.add(String(name));
    }
  }
  for (const [key, indexes] of removedItems) {
    const list = file[key];
    if (Array.isArray(list)) file[key] = list.filter((_, i) => !indexes.has(i));
  }
  return { value: file, damage };
}

function pruneStage(stages: Json, id: string, rest: NodePath, damage: Damage): void {
  const spec = stages[id];
  const [field] = rest;
  if (damage.opaqueStages.has(id)) return;
  if (!isMap(spec) || field === undefined || field === 'uses') {
    delete stages[id];
    damage.opaqueStages.add(id);
    return;
  }
  const key = String(field);
  delete spec[key];
  if (key === 'with' || key === 'matrix') damage.uncheckedBodies.add(id);
  else if (!DROPPABLE_STAGE_FIELDS.has(key) && !('with' in spec)) damage.uncheckedMissing.add(id);
}
