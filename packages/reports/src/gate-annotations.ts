import { describeGate } from '@pipeline/sdk';
import { githubAnnotation } from './github-annotations.js';
import type { RunRecord } from './run-record.js';

/** Each failed gate of a run as an error on the pipeline file, with both figures. */
export function failedGateAnnotations(record: RunRecord): string {
  return record.stages
    .flatMap((s) => s.gates.filter((g) => !g.passed).map((g) => githubAnnotation({ level: 'error', file: record.pipeline.file, title: `gate failed: ${s.id} › ${g.name}`, message: [describeGate(g), g.message].filter(Boolean).join('\n') })))
    .join('');
}
