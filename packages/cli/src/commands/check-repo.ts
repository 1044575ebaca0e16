import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { codeFrame, type Diagnostic, ExitCode, formatDiagnostic, UsageError } from '@pipeline/errors';
import type { CliIO, Command } from '../io.js';

const USAGE = `Usage: pipeline check-repo <model_repository> [--complete] [--json] [--gpus <ids>] [--triton <YY.MM>]

Checks a Triton model repository the way Triton loads it, before any server sees it: every
config.pbtxt is read with protobuf's text-format rules (a malformed file or a field Triton does not
know gets file:line:col and Triton's reason), then Triton's own rules apply (model_config_utils.cc:
dims and reshape, batching, data types, platform/backend, instance groups, dynamic/sequence batching,
ensembles), then versions, model files and ensembles across models.

Options:
  --complete        show the config Triton will run: what auto-complete fills in (ONNX Runtime: IO and
                    max_batch_size 4 from the model; TensorRT: from the engine facts in the manifest the
                    package/triton stage writes) and what Triton normalises (version policy, instance groups)
  --json            print { models, diagnostics } as JSON
  --gpus <ids>      GPU ids of the target machine (e.g. 0,1) to check instance groups against, or "none"
  --triton <YY.MM>  the Triton release: TensorRT engines are checked against its TensorRT

Exit codes: 0 the repository loads, 2 Triton would refuse it (or bad usage).
`;

function parseGpus(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  if (text === 'none') return [];
  const ids = text.split(',').map((s) => Number(s.trim()));
  if (ids.some((n) => !Number.isInteger(n) || n < 0))
    throw new UsageError('E_USAGE', `pipeline check-repo: --gpus ${text} is not a list of GPU ids`, { hint: 'write e.g. --gpus 0,1, or --gpus none' });
  return ids;
}

/** Adds the offending line with a caret to diagnostics that point into a config file. */
async function withFrames(diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
  const texts = new Map<string, string | undefined>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const file = d.loc?.file;
    if (!file?.endsWith('.pbtxt') || (d.loc?.line === 1 && d.loc.column === 1)) {
      out.push(d);
      continue;
    }
    if (!texts.has(file)) texts.set(file, await readFile(file, 'utf8').catch(() => undefined));
    const text = texts.get(file);
    out.push(text === undefined || !d.loc ? d : { ...d, frame: codeFrame(text, d.loc.line, d.loc.column) });
  }
  return out;
}

/** Paths inside the working folder are shown relative to it, as users typed them. */
function relativeTo(cwd: string, d: Diagnostic): Diagnostic {
  if (!d.loc) return d;
  const rel = path.relative(cwd, d.loc.file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? d : { ...d, loc: { ...d.loc, file: rel } };
}

/** `pipeline check-repo`: Triton's checks on a model repository users wrote. */
export const checkRepoCommand: Command = {
  name: 'check-repo',
  usage: USAGE,
  options: {
    complete: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    gpus: { type: 'string' },
    triton: { type: 'string' },
  },
  async run(args, io: CliIO) {
    const [dir, extra] = args.positionals;
    if (dir === undefined) throw new UsageError('E_USAGE', 'pipeline check-repo: missing the <model_repository> folder', { hint: USAGE.split('\n')[0] ?? '' });
    if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline check-repo: unexpected argument "${extra}"`, { hint: 'check one repository at a time' });
    const repoDir = path.resolve(io.cwd, dir);
    if (!(await stat(repoDir).catch(() => undefined))?.isDirectory())
      throw new UsageError('E_TRITON_REPOSITORY', `pipeline check-repo: ${dir} is not a folder`, { hint: 'give the model repository: the folder that holds one folder per model' });
    const gpus = parseGpus(args.values.gpus as string | undefined);
    const [{ checkModelRepository }, { writeModelConfig }] = await Promise.all([import('@pipeline/triton'), import('@pipeline/triton-config')]);
    const check = await checkModelRepository(repoDir, {
      complete: Boolean(args.values.complete),
      ...(gpus ? { gpus } : {}),
      ...(typeof args.values.triton === 'string' ? { tritonRelease: args.values.triton } : {}),
    });
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    const models = check.repository.models.map((m) => ({
      name: m.name,
      versions: m.versions.map((v) => v.version),
      config: check.configs.get(m.name),
    }));
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({ repository: repoDir, ok: errors.length === 0, models, diagnostics: check.diagnostics }, null, 2)}\n`);
    } else {
      for (const d of await withFrames(check.diagnostics)) io.stderr.write(`${formatDiagnostic(relativeTo(io.cwd, d))}\n`);
      const failed = new Set(errors.map((d) => d.loc?.file && path.relative(repoDir, d.loc.file).split(path.sep)[0]));
      for (const m of models) {
        const what = m.config ? `${m.config.platform || m.config.backend}, max_batch_size ${m.config.max_batch_size ?? 0}` : 'no config';
        io.stdout.write(`${failed.has(m.name) ? '✗' : '✓'} ${m.name} (${what}; versions ${m.versions.join(', ') || 'none'})\n`);
        if (args.values.complete && m.config) {
          io.stdout.write(`  # ${m.name}/config.pbtxt as Triton will run it\n`);
          io.stdout.write(writeModelConfig(m.config).replace(/^/gm, '  '));
        }
      }
      io.stdout.write(
        errors.length === 0
          ? `${models.length} model(s): Triton would load this repository\n`
          : `${errors.length} problem(s): Triton would refuse this repository\n`,
      );
    }
    return errors.length === 0 ? ExitCode.Success : ExitCode.InvalidUsage;
  },
};
