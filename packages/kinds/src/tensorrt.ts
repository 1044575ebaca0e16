import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@pipeline/errors';
import { fileKind, defineArtifactKind, jsonKind } from '@pipeline/sdk';
import { readPlanHeader } from '@pipeline/tensorrt/plan-header';
import { trtexecReportSchema } from '@pipeline/tensorrt/report-schema';
import { z } from 'zod';

/** What is known about a serialized TensorRT engine; stages that build one may add more keys. */
export const tensorrtEngineMetaSchema = z.lazy(() =>
  z
    .object({
      /** `a.b.c.d` of the TensorRT that built the plan, read from its header. */
      tensorrtVersion: z.string().optional(),
      /** The header layout number (0 for TensorRT 8.6–10.x). */
      planHeaderLayout: z.number().int().optional(),
      /** Why the version could not be read from the header, when it could not. */
      planHeaderProblem: z.string().optional(),
      /** What `convert/tensorrt` knows of the build (absent for an ingested plan file). */
      build: z
        .object({
          /** The trtexec that built it: detected from its `--help` banner. */
          tensorrtVersion: z.string(),
          runner: z.enum(['local', 'docker']),
          image: z.string().optional(),
          gpu: z.string().optional(),
          computeCapability: z.string().optional(),
          precision: z.string(),
          /** One entry per optimization profile: input → min/opt/max dims. */
          profiles: z.array(z.record(z.string(), z.object({ min: z.array(z.number().int()), opt: z.array(z.number().int()), max: z.array(z.number().int()) }))),
          /** `Engine built in X sec.` */
          buildSeconds: z.number().optional(),
          sizeBytes: z.number().int().nonnegative(),
          /** IO tensors: ONNX element type and declared shape (symbolic dims as names). */
          bindings: z.array(
            z.object({ name: z.string(), direction: z.enum(['input', 'output']), dtype: z.string(), shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable() }),
          ),
          /** The argv it was built with, as one shell line. */
          command: z.string(),
        })
        .optional(),
    })
    .loose(),
);

export type TensorrtEngineMeta = z.infer<typeof tensorrtEngineMetaSchema>;

/** A serialized TensorRT engine (`trtexec --saveEngine`). It loads only in the TensorRT that built it. */
export const tensorrtEngineKind = defineArtifactKind('tensorrt-engine', tensorrtEngineMetaSchema, {
  parent: fileKind,
  description: 'A serialized TensorRT engine (.plan/.engine); meta carries the TensorRT version from its header.',
  extensions: ['.plan', '.engine'],
  async ingest(path) {
    const header = await readPlanHeader(path);
    if (!header.isTensorrtPlan) {
      throw new InvalidInputError('E_NOT_A_TENSORRT_ENGINE', `${path}: not a TensorRT engine (${header.problem ?? 'no plan tag'})`, {
        hint: 'a .plan/.engine file is what `trtexec --saveEngine=<file>` (or IBuilder::buildSerializedNetwork) writes',
      });
    }
    const meta: TensorrtEngineMeta = {};
    if (header.tensorrtVersionText) meta.tensorrtVersion = header.tensorrtVersionText;
    if (header.serializationLayout !== undefined) meta.planHeaderLayout = header.serializationLayout;
    if (header.problem) meta.planHeaderProblem = header.problem;
    return meta;
  },
});

/** The headline of a `trtexec-report`: enough for `if:` conditions and listings without reading the file. */
export const trtexecReportMetaSchema = z.lazy(() =>
  z.object({
    tensorrtVersion: z.string().optional(),
    outcome: z.enum(['passed', 'failed', 'incomplete']),
    passed: z.boolean(),
    failureClass: z.string().optional(),
    throughputQps: z.number().nullable().optional(),
  }),
);

export type TrtexecReportMeta = z.infer<typeof trtexecReportMetaSchema>;

/** Reads a trtexec-report JSON file's headline; the file itself follows `trtexecReportSchema`. */
export async function readTrtexecReportMeta(path: string): Promise<TrtexecReportMeta> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InvalidInputError('E_TRTEXEC_REPORT_UNREADABLE', `${path}: cannot read the trtexec report (${(error as Error).message})`, { cause: error });
  }
  const parsed = trtexecReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError('E_TRTEXEC_REPORT_INVALID', `${path}: not a trtexec-report: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      hint: 'create one with `pipeline import trtexec <log> --out <file>`',
    });
  }
  const report = parsed.data;
  const meta: TrtexecReportMeta = { outcome: report.outcome, passed: report.passed };
  if (report.tensorrtVersion) meta.tensorrtVersion = report.tensorrtVersion;
  if (report.failure) meta.failureClass = report.failure.class;
  if (report.performance?.throughputQps !== undefined) meta.throughputQps = report.performance.throughputQps;
  return meta;
}

/** One trtexec run (log + export files) as `pipeline import trtexec` or a convert/benchmark stage writes it. */
export const trtexecReportKind = defineArtifactKind('trtexec-report', trtexecReportMetaSchema, {
  parent: jsonKind,
  description: 'A trtexec run in this project’s terms: TensorRT version, command, pass/fail with failure class, build facts, performance summary, per-layer profile.',
  ingest: (path) => readTrtexecReportMeta(path),
});
