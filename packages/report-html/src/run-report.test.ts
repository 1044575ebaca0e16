import type { RunRecord } from '@pipeline/reports';
import { describe, expect, it } from 'vitest';
import { renderRunHtml } from './run-report.js';
import { fullRun, ocrReportRun } from './testing/records.testing.js';

const figuresOf = (html: string) => [...html.matchAll(/<figure class="chart" data-chart="([^"]*)" data-stage="([^"]*)">/g)].map((m) => m[1]);

describe('renderRunHtml', () => {
  it('draws every section the run has data for, and every chart a stage reported', () => {
    const record = fullRun();
    const html = renderRunHtml(record);
    for (const id of ['dag', 'gates', 'inspect', 'accuracy', 'benchmark', 'environment']) expect(html).toContain(`<section id="${id}">`);
    const drawn = figuresOf(html);
    for (const chart of record.stages.flatMap((s) => s.charts)) expect(drawn).toContain(chart.id);
    expect(drawn).toEqual(expect.arrayContaining(['dag', 'inspect.ops', 'loadtest.load.throughput', 'loadtest.load.latency', 'loadtest.load.server-breakdown', 'ensemble.load.server-breakdown']));
    // Every figure holds an inline SVG.
    expect(html.match(/<svg /g)?.length).toBe(drawn.length);
  });

  it('leaves out sections without data', () => {
    const record = ocrReportRun();
    const bare: RunRecord = { ...record, stages: record.stages.filter((s) => s.id === 'convert') };
    const html = renderRunHtml(bare);
    for (const id of ['inspect', 'accuracy', 'benchmark', 'triton', 'charts', 'gates']) expect(html).not.toContain(`<section id="${id}">`);
    expect(html).toContain('<section id="dag">');
  });

  it('is self-contained: no script, no external resource', () => {
    const html = renderRunHtml(fullRun());
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\((?!#)/i);
    // The only URLs are SVG's XML namespaces.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('escapes every text from the run: stage ids, gate messages, names, chart titles and series', () => {
    const attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const record = fullRun();
    const [first, ...rest] = record.stages;
    if (!first) throw new Error('fixture has no stages');
    const chart = record.stages.flatMap((s) => s.charts)[0];
    const poisoned: RunRecord = {
      ...record,
      pipeline: { ...record.pipeline, name: attack, file: attack },
      stages: [
        {
          ...first,
          id: attack,
          uses: attack,
          reason: attack,
          gates: [{ name: attack, metric: attack, value: 1, op: '<=', bound: 2, unit: attack, message: attack, passed: true }],
          charts: chart ? [{ ...chart, id: attack, title: attack, x: { label: attack }, series: chart.series.map((s) => ({ ...s, name: attack })) }] : [],
        },
        ...rest,
      ],
    };
    // The same record without the attack has no such markup either, and the poisoned one still renders all of it as text.
    const html = renderRunHtml(poisoned);
    expect(html.match(/.{0,200}(<script|<img).{0,40}/is)?.[0]).toBeUndefined();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the Triton section', () => {
  it('lists a model repository’s models from its meta, with the entry model marked', () => {
    const record = ocrReportRun();
    const meta = { models: [{ name: 'ocr_cls', platform: 'tensorrt_plan', max_batch_size: 8, versions: [1] }, { name: 'pipeline', platform: 'ensemble', max_batch_size: 8, versions: [1] }], entry: 'pipeline' };
    const first = record.stages[0];
    if (!first) throw new Error('fixture has no stages');
    const withRepo: RunRecord = { ...record, stages: [{ ...first, outputs: { ...first.outputs, repository: { kind: 'triton-model-repository', digest: 'sha256:0', size: 0, path: '/repo', meta } } }, ...record.stages.slice(1)] };
    expect(renderRunHtml(record)).not.toContain('<section id="triton">');
    const html = renderRunHtml(withRepo);
    expect(html).toContain('<section id="triton">');
    for (const m of meta.models) expect(html).toContain(`<td><code>${m.name}</code>`);
    expect(html).toContain('<code>pipeline</code> <span class="tag">entry</span>');
    expect(html).toMatch(/ocr_cls\/\n {2}1\/\n {2}config\.pbtxt/);
  });
});
