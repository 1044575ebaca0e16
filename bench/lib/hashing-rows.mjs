// The large-literal comparison: Node's own streaming sha256 and sha256sum over the same file, and the
// pipeline's first run over it as a literal input (hashing it, and whatever it does to keep it).
import { closeSync, openSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Writes `mib` MiB of fixed, non-repeating bytes (the same every run), with an mtime in the past. */
export function writeInputFile(file, mib) {
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = openSync(file, 'w');
  for (let i = 0; i < mib; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

const nodeSha256 = `const h = require('node:crypto').createHash('sha256'); require('node:fs').createReadStream(process.argv[1]).on('data', (c) => h.update(c)).on('end', () => console.log(h.digest('hex')));`;

export function hashingComparison({ big, scratch, cli, mib }) {
  const pipelineFile = path.join(scratch, 'hash-literal.yaml');
  // One exec stage whose command reads only the file's size (wc -c stats it): the run's cost is the
  // pipeline's handling of the literal input.
  writeFileSync(pipelineFile, `name: hash-literal\nstages:\n  size:\n    uses: exec\n    with: { files: [./${path.basename(big)}], command: [wc, -c, "{in:${path.basename(big)}}"], stdout: size.txt }\n`);
  const commands = [
    { name: `node sha256 stream (${mib} MiB)`, file: process.execPath, args: ['-e', nodeSha256, big] },
    { name: 'sha256sum', file: 'sha256sum', args: [big] },
    {
      name: 'pipeline run, first (literal input)',
      file: process.execPath,
      args: [cli, 'run', pipelineFile, '--json'],
      options: { cwd: scratch, env: { ...process.env, CI: 'true' } },
      // Every round is a first run: no workspace, no stat memo.
      before: () => rmSync(path.join(scratch, '.pipeline'), { recursive: true, force: true }),
    },
  ];
  return ['hashing', commands, commands[0].name, 'page cache warm (warm-up round)'];
}
