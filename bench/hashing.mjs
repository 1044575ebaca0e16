// Hashing a large file (build first: npx tsc -b packages/core).
//   node bench/hashing.mjs [MiB]     default 1024: cold hash, memoized re-hash, Node's own streaming sha256
// Prints figures; asserts nothing. Targets: cold ≥ 0.9× Node's streaming sha256; unchanged file ≤ 5 ms.
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileHasher } from '../packages/core/dist/index.js';
import { writeInputFile } from './lib/hashing-rows.mjs';

const mib = Number(process.argv[2] ?? 1024);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-hash-'));
const file = path.join(dir, 'big.bin');
try {
  // An mtime in the past, so the memo entry is not "racily clean" (see stat-memo.ts).
  writeInputFile(file, mib);

  const time = async (fn) => {
    const start = process.hrtime.bigint();
    const value = await fn();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
  };
  const nodeStream = (highWaterMark) =>
    new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(file, highWaterMark ? { highWaterMark } : {}).on('data', (c) => hash.update(c)).on('error', reject).on('end', () => resolve(`sha256:${hash.digest('hex')}`));
    });

  await nodeStream(); // page cache warm for both contenders: this measures hashing, not the disk
  const node = await time(() => nodeStream());
  const nodeBig = await time(() => nodeStream(1 << 20));
  const memoFile = path.join(dir, 'memo.json');
  const hasher = await createFileHasher({ memoFile });
  const cold = await time(() => hasher.hashFile(file));
  await hasher.save();
  const fresh = await createFileHasher({ memoFile }); // a new process's view: memo loaded from disk
  const memo = await time(() => fresh.hashFile(file));
  if (cold.value.digest !== node.value || memo.value.digest !== node.value) throw new Error('digests differ');
  const rate = (ms) => `${((mib / 1024) / (ms / 1000)).toFixed(2)} GiB/s`;
  console.log(`file               ${mib} MiB (page cache warm)`);
  console.log(`node stream sha256 ${node.ms.toFixed(0)} ms  ${rate(node.ms)}`);
  console.log(`node stream 1 MiB  ${nodeBig.ms.toFixed(0)} ms  ${rate(nodeBig.ms)}  (createReadStream with highWaterMark 1 MiB)`);
  console.log(`pipeline cold      ${cold.ms.toFixed(0)} ms  ${rate(cold.ms)}  (${(node.ms / cold.ms).toFixed(2)}× Node's speed, target ≥ 0.9×)`);
  console.log(`pipeline memoized  ${memo.ms.toFixed(2)} ms  (unchanged file, target ≤ 5 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
