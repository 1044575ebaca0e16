import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainStage } from './explain.js';
import { createFileHasher } from './file-hasher.js';
import { planned, planOf } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';
import { maskRecord } from './secret-params.js';
import { writeText } from './test-stages.testing.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secret-params-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const workspace = () => join(dir, '.pipeline');
/** A stage whose param carries the secret, as `with: { text: "Bearer ${{ env.TOKEN }}" }` would resolve. */
const planWith = (secret: string) => planOf([planned('w', writeText, { params: { text: `Bearer ${secret}` } })], { baseDir: dir, secrets: [secret] });

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('secrets in params', () => {
  it('are masked in run.json and the cache index, yet a changed secret changes the key and explain names it', async () => {
    const first = await runPlan(planWith('tok-one-123'), { workspace: workspace() });
    const cache = first.stages[0]!.cache!;
    expect(cache.components.params.text).toBe('Bearer ***');
    expect(cache.components.secrets?.text).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const written = [...(await filesUnder(join(workspace(), 'runs'))), ...(await filesUnder(join(workspace(), 'cache')))];
    expect(written.some((f) => f.endsWith('run.json'))).toBe(true);
    for (const file of written) expect(await readFile(file, 'utf8')).not.toContain('tok-one-123');

    const hasher = await createFileHasher();
    const unchanged = await explainStage(planWith('tok-one-123'), 'w', { workspace: workspace(), hasher });
    expect(unchanged.verdict).toBe('cached');
    const changed = await explainStage(planWith('tok-two-456'), 'w', { workspace: workspace(), hasher });
    expect(changed.verdict).toBe('will-run');
    expect(changed.changes).toEqual([{ component: 'param', name: 'text', before: '***', after: '*** (secret changed)' }]);
    expect(JSON.stringify(changed)).not.toMatch(/tok-(one|two)/);

    const second = await runPlan(planWith('tok-two-456'), { workspace: workspace() });
    expect(second.stages[0]!.status).toBe('succeeded');
    expect(second.stages[0]!.cache!.key).not.toBe(cache.key);
    const third = await runPlan(planWith('tok-two-456'), { workspace: workspace() });
    expect(third.stages[0]!.status).toBe('cached');
  });

  it('a record is masked in free text but never inside digests, paths or statuses', () => {
    const mask = (t: string) => t.replaceAll('abc', '***');
    const digest = `sha256:${'abc'.repeat(21)}0`;
    const masked = maskRecord({ status: 'abc', summary: 'key abc here', outputs: { o: { digest, path: '/store/abc', meta: { note: 'abc' } } } }, mask);
    expect(masked).toEqual({ status: 'abc', summary: 'key *** here', outputs: { o: { digest, path: '/store/abc', meta: { note: '***' } } } });
  });
});
