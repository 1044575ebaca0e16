// The no-op re-run: the same 6 steps as a pipeline of exec stages and as a Snakefile, over one input of
// `mib` MiB; both are run once first, then every measured round is a re-run with nothing to do.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeInputFile } from './hashing-rows.mjs';

/** The six exec stages (two read the input, two read their outputs, one joins), also run alone by cached-rerun.mjs. */
export const RERUN_PIPELINE = `name: bench-rerun
stages:
  head:
    uses: exec
    with: { files: [./input.bin], command: [head, -c, "1000000", "{in:input.bin}"], stdout: head.bin }
  tail:
    uses: exec
    with: { files: [./input.bin], command: [tail, -c, "1000000", "{in:input.bin}"], stdout: tail.bin }
  copy:
    uses: exec
    with: { files: [./input.bin], command: [cp, "{in:input.bin}", copy.bin], outputs: [copy.bin] }
  sum-head:
    uses: exec
    with: { files: ["\${{ stages.head.outputs.file }}"], command: [cksum, "{in:head}"], stdout: head.sum }
  sum-copy:
    uses: exec
    with: { files: ["\${{ stages.copy.outputs.file }}"], command: [cksum, "{in:copy}"], stdout: copy.sum }
  join:
    uses: exec
    with:
      files: ["\${{ stages.sum-head.outputs.file }}", "\${{ stages.sum-copy.outputs.file }}", "\${{ stages.tail.outputs.file }}"]
      command: [sh, -c, "cat \\"$0\\" \\"$1\\" > joined.txt; wc -c < \\"$2\\" >> joined.txt", "{in:sum-head}", "{in:sum-copy}", "{in:tail}"]
      outputs: [joined.txt]
`;

const snakefile = `rule all:
    input: "out/joined.txt"
rule head:
    input: "input.bin"
    output: "out/head.bin"
    shell: "head -c 1000000 {input} > {output}"
rule tail:
    input: "input.bin"
    output: "out/tail.bin"
    shell: "tail -c 1000000 {input} > {output}"
rule copy:
    input: "input.bin"
    output: "out/copy.bin"
    shell: "cp {input} {output}"
rule sum_head:
    input: "out/head.bin"
    output: "out/head.sum"
    shell: "cksum {input} > {output}"
rule sum_copy:
    input: "out/copy.bin"
    output: "out/copy.sum"
    shell: "cksum {input} > {output}"
rule join:
    input: "out/head.sum", "out/copy.sum", "out/tail.bin"
    output: "out/joined.txt"
    shell: "cat {input[0]} {input[1]} > {output}; wc -c < {input[2]} >> {output}"
`;

export function rerunComparison({ scratch, cli, mib, withSnakemake }) {
  const dir = path.join(scratch, 'rerun');
  mkdirSync(dir);
  writeInputFile(path.join(dir, 'input.bin'), mib);
  writeFileSync(path.join(dir, 'bench.yaml'), RERUN_PIPELINE);
  writeFileSync(path.join(dir, 'Snakefile'), snakefile);
  const env = { ...process.env, CI: 'true' };
  const pipelineRun = { name: `pipeline re-run, 6 exec stages (${mib} MiB)`, file: process.execPath, args: [cli, 'run', 'bench.yaml', '--json'], options: { cwd: dir, env } };
  const first = spawnSync(pipelineRun.file, pipelineRun.args, pipelineRun.options);
  if (first.status !== 0) throw new Error(`the first pipeline run failed: ${first.stderr}`);
  const commands = [{ name: 'node -e 0', file: process.execPath, args: ['-e', '0'] }, pipelineRun];
  if (withSnakemake) {
    const snake = { name: 'snakemake re-run, same 6 steps', file: 'snakemake', args: ['--cores', '1', '--quiet'], options: { cwd: dir } };
    const firstSnake = spawnSync(snake.file, snake.args, snake.options);
    if (firstSnake.status !== 0) throw new Error(`the first snakemake run failed: ${firstSnake.stderr}`);
    commands.push(snake);
    return ['no-op re-run', commands, snake.name, ''];
  }
  return ['no-op re-run', commands, 'node -e 0', 'snakemake not installed: run with --install-peers'];
}
