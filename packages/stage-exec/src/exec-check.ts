import type { StageCheck, StageCheckProblem } from '@pipeline/sdk';
import { placeholderInputNames } from './placeholders.js';

/**
 * The exec stage's own rules, run at `pipeline check` and again before the command starts: no secret
 * in an output name, exactly one of `command:` and `script:`, and every `{in:NAME}` naming a declared input. A name is only
 * called unknown when every input's file name is known (a literal path); an output of another stage
 * may still match by its file name once that stage ran.
 */
export const checkExecWith: StageCheck = ({ params, unresolved, secretParams, inputs }) => {
  const problems: StageCheckProblem[] = [];
  // Output names become file names in the store, run.json and the cache entry, where nothing is masked.
  for (const param of ['outputs', 'stdout'].filter((p) => secretParams.includes(p))) {
    problems.push({ code: 'E_SECRET_IN_PATH', message: `\`${param}:\` reads a secret; an output's name would carry it into file names and records`, path: [param], hint: 'name outputs with literal text or params; pass the secret to the command in `env:`' });
  }
  const hasScript = inputs.script !== undefined;
  const hasCommand = params.command !== undefined || unresolved.includes('command');
  if (hasScript && hasCommand) problems.push({ code: 'E_EXEC_PARAMS', message: 'give either `command:` or `script:`, not both', path: ['command'] });
  if (!hasScript && !hasCommand) problems.push({ code: 'E_EXEC_PARAMS', message: 'give `command:` (an argv list) or `script:` (a zx script file)', path: [] });
  const artifacts = [...(inputs.files?.artifacts ?? []), ...(inputs.dirs?.artifacts ?? [])];
  const allNamesKnown = artifacts.every((a) => a.fileName !== undefined);
  for (const param of ['command', 'args'] as const) {
    const values = params[param];
    if (!Array.isArray(values)) continue;
    values.forEach((value, index) => {
      for (const name of placeholderInputNames(String(value))) {
        const byKey = artifacts.some((a) => a.key === name || a.key === `./${name}` || `./${a.key}` === name);
        const byName = artifacts.filter((a) => a.fileName === name || baseName(a.key) === name).length === 1;
        const byPosition = /^\d+$/.test(name) && Number(name) < artifacts.length;
        if (byKey || byName || byPosition || !allNamesKnown) continue;
        const known = artifacts.map((a) => a.key).join(', ') || 'none';
        problems.push({
          code: 'E_EXEC_UNKNOWN_INPUT',
          message: `"${String(value)}" names input "${name}", which this stage does not have (inputs: ${known})`,
          path: [param, index],
          hint: 'list the file under `files:` (or the folder under `dirs:`) and name it by its path, file name, producing stage id or position',
        });
      }
    });
  }
  return problems;
};

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
