import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, UsageError } from '@pipeline/errors';
import type { CliIO, Command } from '../io.js';

const USAGE = `Usage: pipeline serve <model_repository> [--port 8000] [--host 127.0.0.1] [--metrics-port <port>]

Serves a Triton model repository's onnxruntime_onnx models, and ensembles of them, over the KServe v2 HTTP
protocol as Triton speaks it (health, metadata, config, infer with JSON or binary tensors, statistics,
repository index/load/unload, Prometheus metrics at /metrics), running them with ONNX Runtime on the CPU.
A development and CI stand-in for trying clients, deployments and load tests without a GPU: it is not
Triton, and not a production server. Stop it with Ctrl-C or SIGTERM: requests in flight finish first.

Options:
  --port <port>          HTTP port (default 8000, Triton's; 0 picks a free one)
  --host <address>       address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for all)
  --metrics-port <port>  also serve /metrics on this port (Triton's is 8002)

Exit codes: 0 stopped cleanly, 2 the repository or a port cannot be used.
`;

function portOf(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('E_USAGE', `pipeline serve: ${flag} ${String(value)} is not a port number (0-65535)`);
  return port;
}

/** `pipeline serve`: the development server of @pipeline/serve until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  usage: USAGE,
  options: {
    port: { type: 'string', default: '8000' },
    host: { type: 'string', default: '127.0.0.1' },
    'metrics-port': { type: 'string' },
  },
  async run(args, io: CliIO) {
    const [repository, extra] = args.positionals;
    if (repository === undefined) throw new UsageError('E_USAGE', 'pipeline serve: missing the <model_repository> folder', { hint: USAGE.split('\n')[0] ?? '' });
    if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline serve: unexpected argument "${extra}"`, { hint: 'serve one model repository at a time' });
    const root = path.resolve(io.cwd, repository);
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
      throw new UsageError('E_SERVE_REPOSITORY', `pipeline serve: ${root} is not a folder`, { hint: 'give a Triton model repository: <model>/config.pbtxt and <model>/<version>/model.onnx' });
    }
    const metricsPort = portOf(args.values['metrics-port'], '--metrics-port');
    const { startServer } = await import('@pipeline/serve');
    io.stdout.write('pipeline serve: a development and CI stand-in speaking the KServe v2 / Triton HTTP protocol over ONNX Runtime (not Triton)\n');
    const server = await startServer({
      repository: root,
      port: portOf(args.values.port, '--port') ?? 8000,
      host: String(args.values.host),
      ...(metricsPort === undefined ? {} : { metricsPort }),
      log: (line) => io.stdout.write(`${line}\n`),
    });
    if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
    io.stdout.write('shutting down: finishing requests in flight\n');
    await server.close();
    return ExitCode.Success;
  },
};
