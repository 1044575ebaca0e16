// The process serve/local starts: pipeline serve's server on a repository, a free loopback port, the
// URL on stdout once listening, and a clean close (requests in flight finish) on SIGTERM/SIGINT.
import { startServer } from '@pipeline/serve';

const [repository] = process.argv.slice(2);
if (repository === undefined) {
  process.stderr.write('usage: main.js <model_repository>\n');
  process.exit(2);
}
const server = await startServer({ repository, port: 0, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`ready: serving ${server.url}\n`);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
