import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { InvalidInputError, StageFailedError } from '@pipeline/errors';
import { type Artifact, defineStage, directoryKind, fileKind, input, output } from '@pipeline/sdk';
import { z } from 'zod';
import { checkExecWith } from './exec-check.js';
import { expandArgument, inputEnvironment, type NamedInput } from './placeholders.js';
import { markTransient, retryOnParam } from './retry-on.js';

/**
 * A declared output: a relative path to a file inside the working folder. `.`, `dir/` or `a/..` name
 * a folder (`stdout: "."` crashed the stage writing over its own output folder).
 */
const outputName = z
  .string()
  .min(1)
  .refine((name) => !isAbsolute(name) && !normalize(name).startsWith('..'), { message: 'must be a relative path inside the working folder' })
  .refine((name) => !/[/\\]$/.test(name) && !['.', ''].includes(normalize(name).replace(/[/\\]+$/, '')), { message: 'must name a file, not a folder' })
  .refine((name) => !name.includes('\0'), { message: 'must not contain a NUL character' });

/** An argument: text, or a number/boolean from `${{ params.x }}` (passed as its text). */
const argument = z.union([z.string(), z.number(), z.boolean()]);

export const execParams = z
  .object({
    /** The command as an argv list, run without a shell. */
    command: z.array(argument).min(1).optional(),
    /** Extra arguments after a `script:` (placeholders allowed). */
    args: z.array(argument).default([]),
    /** Files the command writes into its working folder; each must exist afterwards. */
    outputs: z.array(outputName).default([]),
    /** Also save the command's standard output as this declared file. */
    stdout: outputName.optional(),
    /** Extra environment variables for the command. */
    env: z.record(z.string(), z.string()).default({}),
    /** Failures that are transient (default: exit code 75); no default object, so keys of stages without it stay as they were. */
    retry_on: retryOnParam.optional(),
  })
  .strict();

function zxCliPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('zx/package.json')), 'build', 'cli.js');
}

/**
 * `uses: exec` — runs a command (argv, no shell) or a zx script with declared inputs and outputs, so
 * its cache key covers exactly what it reads (input contents, the script's content, the params).
 *
 * The command runs in an empty working folder; it names inputs as `{in:NAME}` (NAME: the path as
 * written under `files:`/`dirs:`, the file name, the producing stage's id, or the position) and writes
 * its `outputs:` there. Outputs: `out`, a folder holding exactly the declared files, and `file`, the
 * first declared file, for the common one-output case.
 */
export const execStage = defineStage({
  name: 'exec',
  version: 1,
  description: 'Run a command (argv, no shell) or a zx script with declared input and output files.',
  inputs: {
    files: input(fileKind, { many: true, optional: true, description: 'Input files the command reads.' }),
    dirs: input(directoryKind, { many: true, optional: true, description: 'Input folders the command reads.' }),
    script: input(fileKind, { optional: true, description: 'A zx script to run instead of `command` (its content enters the cache key).' }),
  },
  params: execParams,
  outputs: {
    out: output(directoryKind, { description: 'A folder with exactly the declared output files.' }),
    file: output(fileKind, {
      optional: true,
      description: 'The first declared output file (there is none without `outputs:` or `stdout:`).',
      producedWhen: (params: Record<string, unknown>) => (params.outputs as unknown[]).length > 0 || params.stdout !== undefined,
    }),
  },
  check: checkExecWith,
  // `{{` and `}}` are expandArgument's literal braces: a substituted `{work}` arrives as `{work}`.
  quoteSubstituted: (param, text) => (param === 'command' || param === 'args' ? text.replace(/[{}]/g, '$&$&') : text),
  async run({ inputs, params, exec, workDir, log, env, fileSize, placeOutput, writeOutput, makeOutputDir }) {
    const named: NamedInput[] = [
      ...Object.entries((inputs.files ?? {}) as Record<string, Artifact>).map(([key, artifact]) => ({ key, artifact })),
      ...Object.entries((inputs.dirs ?? {}) as Record<string, Artifact>).map(([key, artifact]) => ({ key, artifact })),
    ];
    const script = inputs.script as Artifact | undefined;
    if ((script === undefined) === (params.command === undefined)) {
      // Normally found by checkExecWith before the run; kept for a caller that skips the check.
      throw new InvalidInputError('E_EXEC_PARAMS', script ? 'give either `command:` or `script:`, not both' : 'give `command:` (an argv list) or `script:` (a zx script file)');
    }
    const expand = (arg: string | number | boolean) => expandArgument(String(arg), named, workDir);
    const [file, ...args] = script ? ['node', zxCliPath(), script.path, ...params.args.map(expand)] : params.command!.map(expand);
    const declared = [...new Set([...params.outputs, ...(params.stdout ? [params.stdout] : [])])];
    log.info(`running ${[file, ...args].join(' ')} in ${workDir}`);
    const result = await exec(file!, args, {
      cwd: workDir,
      env: { ...env, ...inputEnvironment(named), ...params.env, PIPELINE_WORK_DIR: workDir },
    }).catch((error: unknown) => {
      throw markTransient(error, params.retry_on);
    });
    // Standard output is saved straight into the output folder; only the files the command writes are looked for.
    const written = params.outputs.filter((name) => name !== params.stdout);
    const missing: string[] = [];
    for (const name of written) if ((await fileSize(join(workDir, name))) === undefined) missing.push(name);
    if (missing.length > 0) {
      throw new StageFailedError('E_EXEC_OUTPUT_MISSING', `the command exited 0 but did not write ${missing.map((m) => `"${m}"`).join(', ')} in its working folder`, {
        hint: 'write declared outputs relative to the current directory (or under {work}); check the stage log for what the command printed',
      });
    }
    for (const name of written) await placeOutput(join(workDir, name), join('out', name), { move: true });
    if (params.stdout) await writeOutput(join('out', params.stdout), result.stdout);
    await makeOutputDir('out');
    const first = declared[0];
    return {
      outputs: {
        out: { path: 'out', meta: { files: declared } },
        ...(first === undefined ? {} : { file: { path: join('out', first), meta: {} } }),
      },
    };
  },
});
