import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, UsageError } from '@pipeline/errors';
import type { CliIO, Command } from '../io.js';

const USAGE = `Usage: pipeline inspect <model.onnx> [--tensorrt <version>] [--json] [--fail-on error|warning|never]

Reads an ONNX model and prints what it is: inputs and outputs (dynamic dims named), the op histogram,
parameters (initializers and Constant-node payloads), external data, and a TensorRT-compatibility lint.
Only the graph is read: weights stay on disk, so multi-GB models inspect quickly.

Options:
  --tensorrt <version>  the TensorRT version the lint checks against: 8.6 or 10.x (default 10.x)
  --json                print the model-inspection JSON (schemas/model-inspection.schema.json)
  --fail-on <severity>  exit 1 when the lint finds error (default: never) or warning findings

Exit codes: 0 inspected, 1 lint findings at or above --fail-on, 2 the file is not a readable ONNX model.
`;

/** `pipeline inspect`: the inspect stage's facts and lint for one model, without a pipeline file. */
export const inspectCommand: Command = {
  name: 'inspect',
  usage: USAGE,
  options: {
    tensorrt: { type: 'string', default: '10.x' },
    json: { type: 'boolean', default: false },
    'fail-on': { type: 'string', default: 'never' },
  },
  async run(args, io: CliIO) {
    const [file, extra] = args.positionals;
    if (file === undefined) throw new UsageError('E_USAGE', 'pipeline inspect: missing the <model.onnx> file', { hint: USAGE.split('\n')[0] ?? '' });
    if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline inspect: unexpected argument "${extra}"`, { hint: 'inspect one model at a time' });
    // Imported here so that `pipeline --help` does not load protobuf.
    const [{ readModel }, { inspectModel, TENSORRT_VERSIONS }] = await Promise.all([import('@pipeline/onnx'), import('@pipeline/inspect')]);
    const tensorrt = String(args.values.tensorrt);
    if (!(TENSORRT_VERSIONS as readonly string[]).includes(tensorrt)) {
      throw new UsageError('E_USAGE', `pipeline inspect: --tensorrt ${tensorrt} is not a version the lint knows`, { hint: `use one of ${TENSORRT_VERSIONS.join(', ')}` });
    }
    const failOn = String(args.values['fail-on']);
    if (!['error', 'warning', 'never'].includes(failOn)) throw new UsageError('E_USAGE', `pipeline inspect: --fail-on ${failOn} is not error, warning or never`);

    const modelPath = path.resolve(io.cwd, file);
    const model = await readModel(modelPath);
    const fileSize = (await stat(modelPath)).size;
    const inspection = inspectModel(model, { file: modelPath, fileSize, tensorrt: tensorrt as (typeof TENSORRT_VERSIONS)[number] });
    if (args.values.json) io.stdout.write(`${JSON.stringify(inspection, null, 2)}\n`);
    else {
      const [{ inspectionSummaryText }, { terminalCapabilities }] = await Promise.all([import('../ui/inspection-summary.js'), import('@pipeline/charts')]);
      io.stdout.write(inspectionSummaryText(inspection, terminalCapabilities(io.env, io.stdout)));
    }

    const { counts } = inspection.lint;
    const failing = failOn === 'error' ? counts.error : failOn === 'warning' ? counts.error + counts.warning : 0;
    return failing > 0 ? ExitCode.GateFailed : ExitCode.Success;
  },
};
