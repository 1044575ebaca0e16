// How `pipeline check` scales with the size of the pipeline file (build first: npx turbo run build).
//   node bench/check-scaling.mjs        env: with 2.5k…20k keys, 2.5k…20k exec stages; seconds and µs per item
// Linear checking shows as a flat µs-per-item column. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/cli/dist/bin.cjs', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'check-scaling-'));
const files = {
  'env keys': (n) => `env:\n${Array.from({ length: n }, (_, i) => `  K${i}: v${i}\n`).join('')}stages:\n  a:\n    uses: exec\n    with: { command: [echo] }\n`,
  'exec stages': (n) => `stages:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    uses: exec\n    with:\n      command: [echo, hi]\n      stdout: out.txt\n`).join('')}`,
};
console.log('what            items   bytes      seconds  µs/item');
for (const [what, make] of Object.entries(files)) {
  for (const n of [2500, 5000, 10_000, 20_000]) {
    const file = path.join(dir, `${n}.yaml`);
    const text = make(n);
    writeFileSync(file, text);
    const start = performance.now();
    execFileSync(process.execPath, [cli, 'check', file], { stdio: 'ignore' });
    const seconds = (performance.now() - start) / 1000;
    console.log(`${what.padEnd(15)} ${String(n).padStart(6)}  ${String(text.length).padStart(8)}  ${seconds.toFixed(2).padStart(8)}  ${((seconds * 1e6) / n).toFixed(0).padStart(7)}`);
  }
}
rmSync(dir, { recursive: true, force: true });
