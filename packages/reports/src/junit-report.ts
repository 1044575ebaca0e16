import { describeGate } from '@pipeline/sdk';
import { baselineCheckFails } from './judge-baseline.js';
import type { BaselineCheck, RunRecord, StageRecord } from './run-record.js';

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function testcase(suite: string, stage: StageRecord): string {
  const time = ((stage.durationMs ?? 0) / 1000).toFixed(3);
  const open = `    <testcase classname="${xml(suite)}" name="${xml(stage.id)}" time="${time}">`;
  const body: string[] = [];
  if (stage.status === 'failed') {
    const failed = stage.gates.filter((g) => !g.passed);
    const message = stage.error?.message ?? failed.map((g) => g.name).join(', ');
    const details = failed.map((g) => describeGate(g)).join('\n');
    body.push(`      <failure type="${xml(stage.error?.code ?? 'E_GATE_FAILED')}" message="${xml(message)}">${xml(details || message)}</failure>`);
  } else if (stage.status === 'errored' || stage.status === 'cancelled') {
    const error = stage.error ?? { code: 'E_INTERRUPTED', message: stage.reason ?? 'cancelled' };
    body.push(`      <error type="${xml(error.code)}" message="${xml(error.message)}">${xml([error.message, error.hint].filter(Boolean).join('\nhint: '))}</error>`);
  } else if (stage.status === 'skipped') {
    body.push(`      <skipped message="${xml(stage.reason ?? 'skipped')}"/>`);
  }
  const out = [stage.status === 'cached' ? 'from cache' : '', ...stage.metrics.map((m) => `${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ''}`), stage.summary ?? ''].filter(Boolean).join('\n');
  if (out) body.push(`      <system-out>${xml(out)}</system-out>`);
  return body.length === 0 ? `${open.slice(0, -1)}/>` : [open, ...body, '    </testcase>'].join('\n');
}

/** One testcase per gate, classed under its stage: a CI test tab lists each threshold with its figures. */
function gateTestcase(suite: string, stage: StageRecord, gate: StageRecord['gates'][number]): string {
  const open = `    <testcase classname="${xml(`${suite}.${stage.id}`)}" name="${xml(`gate ${gate.name}`)}" time="0">`;
  const figures = describeGate(gate);
  if (gate.passed) return `${open}\n      <system-out>${xml(figures)}</system-out>\n    </testcase>`;
  const text = gate.message ? `${figures}\n${gate.message}` : figures;
  return `${open}\n      <failure type="E_GATE_FAILED" message="${xml(figures)}">${xml(text)}</failure>\n    </testcase>`;
}

/** One testcase per `baseline:` threshold, classed under `<suite>.baseline`; a breach is a `<failure>` with both figures. */
function baselineTestcase(suite: string, check: BaselineCheck): string {
  const open = `    <testcase classname="${xml(`${suite}.baseline`)}" name="${xml(`${check.stage} ${check.metric}`)}" time="0">`;
  if (!baselineCheckFails(check)) return `${open}\n      <system-out>${xml(check.message)}</system-out>\n    </testcase>`;
  return `${open}\n      <failure type="E_BASELINE_REGRESSION" message="${xml(check.message)}">${xml(check.message)}</failure>\n    </testcase>`;
}

/**
 * JUnit XML for CI test tabs: one testcase per stage and one per gate; a failed gate is a `<failure>`
 * (on its own testcase and on its stage's), an errored (or cancelled) stage an `<error>`, a skipped one
 * `<skipped>`; metrics go to `<system-out>`.
 */
export function renderJunit(record: RunRecord): string {
  const count = (s: StageRecord['status'][]) => record.stages.filter((x) => s.includes(x.status)).length;
  const gates = record.stages.flatMap((stage) => stage.gates.map((gate) => ({ stage, gate })));
  const failedGates = gates.filter(({ gate }) => !gate.passed).length;
  const checks = record.baseline?.checks ?? [];
  const breached = checks.filter(baselineCheckFails).length;
  const attrs = `tests="${record.stages.length + gates.length + checks.length}" failures="${count(['failed']) + failedGates + breached}" errors="${count(['errored', 'cancelled'])}" skipped="${count(['skipped'])}" time="${(record.durationMs / 1000).toFixed(3)}"`;
  const suite = record.pipeline.name;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pipeline" ${attrs}>`,
    `  <testsuite name="${xml(suite)}" ${attrs} timestamp="${record.startedAt}">`,
    ...record.stages.map((s) => testcase(suite, s)),
    ...gates.map(({ stage, gate }) => gateTestcase(suite, stage, gate)),
    ...checks.map((check) => baselineTestcase(suite, check)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
