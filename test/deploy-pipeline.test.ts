// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../packages/cli/src/testing/cli-harness.testing.js';

// pipelines/deploy.yaml takes the TensorRT path where the convert/tensorrt probe finds a trtexec and the
// ONNX Runtime path where it does not. The "GPU host" here is the trtexec STAND-IN (test/stand-ins), named
// through TRTEXEC as a user would name a real one: it replays a recorded log, so no engine is built.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standIn = path.join(repoRoot, 'test/stand-ins/trtexec-stand-in.mjs');

interface Rec {
  stages: { id: string; status: string; reason?: string }[];
  outputs: Record<string, { artifact?: { kind: string; path: string } }>;
}

async function runDeploy(env: Record<string, string>) {
  const dir = scratchDir('deploy-');
  const text = readFileSync(path.join(repoRoot, 'pipelines/deploy.yaml'), 'utf8').replaceAll('../node_modules/', `${repoRoot}/node_modules/`);
  writeFileSync(path.join(dir, 'deploy.yaml'), text);
  const result = await runCli(['run', 'deploy.yaml', '--json', '-p', 'window_ms=100'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
  const record = JSON.parse(result.stdout) as Rec;
  return { code: result.code, record, status: Object.fromEntries(record.stages.map((s) => [s.id, s.status])), reason: (id: string) => record.stages.find((s) => s.id === id)?.reason };
}

describe('pipelines/deploy.yaml', () => {
  it('takes the ONNX Runtime path where there is no trtexec, and says why the engine was skipped', async () => {
    const { code, status, reason, record } = await runDeploy({});
    expect(code).toBe(0);
    expect(status).toMatchObject({ inspect: 'succeeded', engine: 'skipped', convert: 'succeeded', validate: 'succeeded', engine_package: 'skipped', package: 'succeeded', deploy: 'succeeded' });
    expect(reason('engine')).toBe('if: ${{ tools.trtexec.found }} was false');
    expect(record.outputs.deployable?.artifact?.kind).toBe('onnx-model');
  });

  it('takes the TensorRT path where a trtexec is found, and says why the ONNX Runtime path was skipped', async () => {
    const { code, status, reason, record } = await runDeploy({ TRTEXEC: standIn });
    expect(code).toBe(0);
    expect(status).toMatchObject({ inspect: 'succeeded', engine: 'succeeded', engine_package: 'succeeded', convert: 'skipped', validate: 'skipped', serve: 'skipped', deploy: 'skipped' });
    expect(reason('convert')).toBe('if: ${{ !tools.trtexec.found }} was false');
    expect(record.outputs.deployable?.artifact?.kind).toBe('tensorrt-engine');
  });
});
