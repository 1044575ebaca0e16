import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `baseline:` end to end: the built CLI on test/fixtures/baseline (a stage timing real sleeps, and a
// stored run.json of it with the defaults). Figures expected come from the stored file and the new run.json.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const fixture = path.join(repoRoot, 'test/fixtures/baseline');
const stored = JSON.parse(readFileSync(path.join(fixture, 'baselines/measure.run.json'), 'utf8')) as { stages: { id: string; metrics: { name: string; value: number }[] }[] };
const storedP99 = stored.stages.find((s) => s.id === 'measure')?.metrics.find((m) => m.name === 'latency.p99_ms')?.value as number;

const cli = (args: string[], cwd = fixture) => spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true' }, encoding: 'utf8', timeout: 60_000 });

interface Check { baseline: number; current: number; verdict: string; message: string }
const checksOf = (stdout: string) => (JSON.parse(stdout) as { baseline: { checks: Check[] } }).baseline.checks;
/** The two figures a message prints, read back as numbers. */
const printed = (text: string) => /([\d.]+) ms in the baseline, ([\d.]+) ms now/.exec(text)?.slice(1).map(Number) ?? [];

beforeAll(() => {
  if (!existsSync(bin)) spawnSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
});
afterAll(() => rmSync(path.join(fixture, '.pipeline'), { recursive: true, force: true }));

describe('baseline: thresholds against a stored run', () => {
  it('fails a deliberately slowed candidate with exit 1 and both figures', () => {
    const result = cli(['run', 'deploy.yaml', '--json', '-p', 'sleep_ms=60', '-p', 'first_ms=60']);
    expect(result.status, result.stderr).toBe(1);
    const [check] = checksOf(result.stdout);
    expect(check?.verdict).toBe('regression');
    expect(check?.baseline).toBe(storedP99);
    expect(check?.current).toBeGreaterThan(storedP99 * 1.05);
    const [base, now] = printed(result.stderr);
    expect(base).toBeCloseTo(storedP99, 1);
    expect(now).toBeCloseTo(check?.current as number, 1);
    expect(result.stderr).toContain('E_BASELINE_REGRESSION');
  });

  it('passes a worse figure inside the measured run-to-run spread as within-noise', () => {
    const result = cli(['run', 'deploy.yaml', '--json', '-p', 'sleep_ms=30', '-p', 'first_ms=5']);
    expect(result.status, result.stderr).toBe(0);
    const [check] = checksOf(result.stdout);
    expect(check?.current).toBeGreaterThan(storedP99 * 1.05);
    expect(check?.verdict).toBe('within-noise');
  });
});

describe('baseline: checked at check time', () => {
  // Variants are written beside the fixture (its plugin imports @pipeline/sdk from the repository) and removed after.
  const dir = fixture;
  const written = ['missing.yaml', 'newer.yaml', 'baselines/newer.run.json'].map((f) => path.join(dir, f));
  afterAll(() => {
    for (const file of written) rmSync(file, { force: true });
  });
  const text = readFileSync(path.join(dir, 'deploy.yaml'), 'utf8');
  const line = text.split('\n').findIndex((l) => l.startsWith('baseline:')) + 1;

  it('accepts the stored baseline, refuses a missing one at the baseline: key (exit 2)', () => {
    expect(cli(['check', 'deploy.yaml'], dir).status).toBe(0);
    writeFileSync(path.join(dir, 'missing.yaml'), text.replaceAll('baselines/measure.run.json', 'baselines/nope.run.json'));
    const result = cli(['check', 'missing.yaml'], dir);
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('E_BASELINE_FILE');
    expect(result.stderr).toContain(`missing.yaml:${line}:1`);
  });

  it('refuses a baseline written by a newer pipeline', () => {
    const newer = { ...JSON.parse(readFileSync(path.join(dir, 'baselines/measure.run.json'), 'utf8')), schemaVersion: 99 };
    writeFileSync(path.join(dir, 'baselines/newer.run.json'), JSON.stringify(newer));
    writeFileSync(path.join(dir, 'newer.yaml'), text.replaceAll('baselines/measure.run.json', 'baselines/newer.run.json'));
    const result = cli(['check', 'newer.yaml'], dir);
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/E_BASELINE_FILE.*schemaVersion 99/s);
  });
});
