import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@pipeline/errors';
import { tensorrtEngineKind, trtexecReportKind } from '@pipeline/kinds';
import { buildTrtexecReport, parseTrtexecLog } from '@pipeline/tensorrt';

const dir = mkdtempSync(path.join(tmpdir(), 'kinds-trt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('tensorrt-engine kind', () => {
  it('reads the TensorRT version from a plan header (constructed: no real plan exists here)', async () => {
    const bytes = new Uint8Array(40);
    bytes.set([0x66, 0x74, 0x72, 0x74], 0); // "ftrt"
    bytes.set([10, 4, 0, 26], 24);
    const file = path.join(dir, 'model.plan');
    writeFileSync(file, bytes);
    const meta = await tensorrtEngineKind.ingest?.(file, { baseDir: dir });
    expect(meta).toEqual({ tensorrtVersion: '10.4.0.26', planHeaderLayout: 0 });
    expect(tensorrtEngineKind.meta.parse(meta)).toEqual(meta);
  });
  it('rejects a file that is not a plan, naming it', async () => {
    const file = path.join(dir, 'model.engine');
    writeFileSync(file, 'not an engine, just text');
    const error = await tensorrtEngineKind.ingest?.(file, { baseDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('model.engine');
  });
});

describe('trtexec-report kind', () => {
  it('ingests a report into its headline', async () => {
    const log = readFileSync(path.resolve(repoRoot, 'test/fixtures/recorded/trtexec/trt10.3-unknown-options-workspace-buildOnly-explicitBatch-FAILED.excerpt.log'), 'utf8');
    const file = path.join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(buildTrtexecReport({ run: parseTrtexecLog(log), sources: { log: 'x.log' } })));
    expect(await trtexecReportKind.ingest?.(file, { baseDir: dir })).toEqual({ tensorrtVersion: '10.3.0', outcome: 'failed', passed: false, failureClass: 'unknown-option' });
    writeFileSync(file, '{"kind": "something-else"}');
    await expect(trtexecReportKind.ingest?.(file, { baseDir: dir })).rejects.toThrow(/not a trtexec-report/);
  });
});
