import { InvalidInputError } from '@pipeline/errors';
import type { Artifact } from '@pipeline/sdk';
import { basename } from 'node:path';

/** An input of the exec stage, by every name a command may use for it. */
export interface NamedInput {
  /** The key the plan gave it: the path as written, or the id of the stage that produced it. */
  key: string;
  artifact: Artifact;
}

/** Finds `{in:NAME}`'s artifact: by key, then by file name (when unique), then by position. */
export function findInput(inputs: readonly NamedInput[], name: string): NamedInput | undefined {
  const byKey = inputs.find((i) => i.key === name || i.key === `./${name}` || `./${i.key}` === name);
  if (byKey) return byKey;
  const byBase = inputs.filter((i) => basename(i.key) === name || basename(i.artifact.path) === name);
  if (byBase.length === 1) return byBase[0];
  if (/^\d+$/.test(name)) return inputs[Number(name)];
  return undefined;
}

/**
 * Expands the placeholders of one argument: `{in:NAME}` → the input's absolute path, `{work}` → the
 * working folder (the command's cwd, where it writes its outputs). `{{` and `}}` stand for literal braces.
 * Anything else in braces is left as written.
 */
export function expandArgument(arg: string, inputs: readonly NamedInput[], workDir: string): string {
  return arg.replace(/\{\{|\}\}|\{in:([^{}]+)\}|\{work\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (match === '{work}') return workDir;
    const found = findInput(inputs, name!);
    if (!found) {
      const known = inputs.map((i) => i.key).join(', ') || 'none';
      throw new InvalidInputError('E_EXEC_UNKNOWN_INPUT', `"${arg}" names input "${name}", which this stage does not have (inputs: ${known})`, {
        hint: 'list the file under `files:` (or the folder under `dirs:`) and name it by its path, file name, producing stage id or position',
      });
    }
    return found.artifact.path;
  });
}

/** The NAMEs of an argument's `{in:NAME}` placeholders (`{{in:x}}` is literal text, not one). */
export function placeholderInputNames(arg: string): string[] {
  return [...arg.matchAll(/\{\{|\}\}|\{in:([^{}]+)\}/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/** `PIPELINE_IN_<NAME>` for each input: the file name (or stage id) upper-cased, other characters as `_`. */
export function inputEnvironment(inputs: readonly NamedInput[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const input of inputs) {
    const name = basename(input.key).replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
    env[`PIPELINE_IN_${name}`] = input.artifact.path;
  }
  return env;
}
