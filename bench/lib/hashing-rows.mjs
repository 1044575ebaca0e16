// The large-literal comparison: Node's own streaming sha256 and sha256sum over the same file, and the
// pipeline's first run over it as a literal input (hashing it, and whatever it does to keep it), given to
// an exec stage's `files:` and to inspect's `model:` port.
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

/** A protobuf varint. */
function varint(value) {
  const bytes = [];
  let v = BigInt(value);
  while (v >= 0x80n) {
    bytes.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}
const field = (tag, body) => Buffer.concat([varint(tag), varint(body.length), body]);
const text = (s) => Buffer.from(s, 'utf8');

/**
 * Writes a valid ONNX model of about `mib` MiB: `y = Identity(w)` with w a uint8 initializer whose
 * raw_data holds the same fixed bytes as `writeInputFile`, framed by hand (the protobuf wire format)
 * so the weights stream to disk instead of being built in memory. An mtime in the past, as above.
 */
export function writeOnnxModelFile(file, mib) {
  const n = mib * (1 << 20);
  const tensorHead = Buffer.concat([varint(0x08), varint(n), varint(0x10), varint(2), field(0x42, text('w')), varint(0x4a), varint(n)]);
  const tensorLength = tensorHead.length + n;
  const dim = field(0x0a, Buffer.concat([varint(0x08), varint(n)]));
  const output = field(0x62, Buffer.concat([field(0x0a, text('y')), field(0x12, field(0x0a, Buffer.concat([varint(0x08), varint(2), field(0x12, dim)])))]));
  const node = field(0x0a, Buffer.concat([field(0x0a, text('w')), field(0x12, text('y')), field(0x22, text('Identity'))]));
  const graphHead = Buffer.concat([node, field(0x12, text('big')), varint(0x2a), varint(tensorLength), tensorHead]);
  const graphLength = graphHead.length + n + output.length;
  const modelHead = Buffer.concat([varint(0x08), varint(8), field(0x42, Buffer.concat([varint(0x10), varint(17)])), varint(0x3a), varint(graphLength)]);
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.concat([modelHead, graphHead]));
  for (let i = 0; i < mib; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  writeSync(fd, output);
  closeSync(fd);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

const nodeSha256 = `const h = require('node:crypto').createHash('sha256'); require('node:fs').createReadStream(process.argv[1]).on('data', (c) => h.update(c)).on('end', () => console.log(h.digest('hex')));`;

export function hashingComparison({ big, scratch, cli, mib }) {
  const name = path.basename(big);
  const pipelineFile = path.join(scratch, 'hash-literal.yaml');
  // One exec stage whose command reads only the file's size (wc -c stats it): the run's cost is the
  // pipeline's handling of the literal input.
  writeFileSync(pipelineFile, `name: hash-literal\nstages:\n  size:\n    uses: exec\n    with: { files: [./${name}], command: [wc, -c, "{in:${name}}"], stdout: size.txt }\n`);
  // The same file as a model given to a kind port: inspect reads its graph (not its weights) and passes
  // the model through, which once cost a second read and a whole copy into the store.
  const inspectFile = path.join(scratch, 'inspect-literal.yaml');
  writeFileSync(inspectFile, `name: inspect-literal\nstages:\n  inspect:\n    uses: inspect\n    with: { model: ./${name}, fail_on: never }\n`);
  const firstRun = (label, file) => ({
    name: label,
    file: process.execPath,
    args: [cli, 'run', file, '--json'],
    options: { cwd: scratch, env: { ...process.env, CI: 'true' } },
    // Every round is a first run: no workspace, no stat memo.
    before: () => rmSync(path.join(scratch, '.pipeline'), { recursive: true, force: true }),
  });
  const commands = [
    { name: `node sha256 stream (${mib} MiB)`, file: process.execPath, args: ['-e', nodeSha256, big] },
    { name: 'sha256sum', file: 'sha256sum', args: [big] },
    firstRun('pipeline run, first (exec files:)', pipelineFile),
    firstRun('pipeline run, first (inspect model:)', inspectFile),
  ];
  return ['hashing', commands, commands[0].name, 'page cache warm (warm-up round); the file is a valid ONNX model'];
}
