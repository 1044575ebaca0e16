import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createStageFiles } from '@pipeline/core';
import { evaluateGate, type GateInput, type GateRecord } from '@pipeline/sdk';
import type { z } from 'zod';

/** The part of a defined stage this helper drives: its params schema and its `run`. */
interface RunnableStage {
  params: z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: the hand-built context stands in for the runner's, whatever the stage's types.
  run(ctx: any): Promise<{ outputs: any }>;
}

/** What one in-process run of a stage gave: its outputs or its error, and the gates and log lines it reported. */
export interface StageRun<Outputs> {
  result: { outputs: Outputs } | undefined;
  error: { code?: string; message: string; exitCode?: number; hint?: string } | undefined;
  gates: GateRecord[];
  logs: string[];
}

/**
 * Runs a stage's `run` in-process with a hand-built context (the server tests' way to reach a stage
 * without the runner): params parsed by the stage's own schema, a fresh output folder, gates evaluated as
 * the runner does and kept, every log line kept. Output folders are removed by `cleanup`.
 */
export function stageRunner() {
  const dirs: string[] = [];
  async function runStage<S extends RunnableStage>(stage: S, withParams: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<StageRun<Awaited<ReturnType<S['run']>>['outputs']>> {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'stage-out-'));
    dirs.push(outDir);
    const gates: GateRecord[] = [];
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const ctx = {
      stageId: 'stage',
      inputs,
      params: stage.params.parse(withParams),
      outDir,
      workDir: outDir,
      ...createStageFiles(outDir),
      log: { debug: log, info: log, warn: log, error: log },
      progress() {},
      signal: new AbortController().signal,
      tools: {},
      env: {},
      report: {
        metric() {},
        chart() {},
        summary() {},
        gate: (gate: GateInput) => {
          const record = evaluateGate(gate);
          gates.push(record);
          return record.passed;
        },
      },
    };
    try {
      return { result: await stage.run(ctx), error: undefined, gates, logs };
    } catch (error) {
      return { result: undefined, error: error as StageRun<unknown>['error'], gates, logs };
    }
  }
  const cleanup = () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  return { runStage, cleanup };
}
