import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageRecord } from '@pipeline/reports';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReportView, InspectionView } from './report-data.js';
import { renderRunHtml } from './run-report.js';
import { fullRun } from './testing/records.testing.js';

// Debian's Chromium, driven by playwright-core (no browser download). `.ci/run` installs it; a machine
// without it skips this file, saying so in the test name.
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const record = fullRun();
const stage = (id: string): StageRecord => {
  const found = record.stages.find((s) => s.id === id);
  if (!found) throw new Error(`fixture has no stage ${id}`);
  return found;
};
const metaOf = <T>(id: string, port: string) => stage(id).outputs[port]?.meta as T;

let browser: Browser;
let page: Page;
let dir: string;
const external: string[] = [];

/** The boxes of a chart's data marks of one series, by data index (ECharts tags each mark so). */
async function marks(chart: string, series: number): Promise<Box[]> {
  return page.$$eval(`figure[data-chart="${chart}"] path[ecmeta_ssr_type="chart"][ecmeta_series_index="${series}"]`, (nodes) =>
    nodes
      .map((n) => ({ i: Number(n.getAttribute('ecmeta_data_index')), r: n.getBoundingClientRect() }))
      .sort((a, b) => a.i - b.i)
      .map(({ r }) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
  );
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Pixels are a linear function of values: fit on the extremes, every mark within 1.5 px of the fit. */
function expectLinear(pixels: readonly number[], values: readonly number[]): void {
  expect(pixels.length).toBe(values.length);
  const lo = values.indexOf(Math.min(...values));
  const hi = values.indexOf(Math.max(...values));
  const scale = ((pixels[hi] ?? 0) - (pixels[lo] ?? 0)) / ((values[hi] ?? 0) - (values[lo] ?? 0));
  for (const [i, v] of values.entries()) expect(Math.abs((pixels[i] ?? 0) - ((pixels[lo] ?? 0) + (v - (values[lo] ?? 0)) * scale))).toBeLessThan(1.5);
}

describe.skipIf(!HAVE_CHROMIUM)(`the HTML report in headless Chromium (${CHROMIUM}${HAVE_CHROMIUM ? '' : ' is absent: skipped; apt-get install -y chromium'})`, () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    dir = await mkdtemp(join(tmpdir(), 'report-browser-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderRunHtml(record));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Offline: any request beyond the file itself is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads nothing from the network', () => {
    expect(external).toEqual([]);
  });

  it('draws the DAG with every stage', async () => {
    const labels = await page.$$eval('figure[data-chart="dag"] text', (nodes) => nodes.map((n) => n.textContent ?? ''));
    for (const s of record.stages) expect(labels).toContain(s.id);
  });

  it('op bars are as tall as the inspection counts', async () => {
    const ops = (metaOf<InspectionView>('inspect', 'inspection').graph?.ops ?? []).slice(0, 15).map((o) => o.count ?? 0);
    const bars = await marks('inspect.ops', 0);
    expectLinear(bars.map((b) => b.height), ops);
    expect(Math.min(...bars.map((b) => b.y + b.height))).toBeCloseTo(Math.max(...bars.map((b) => b.y + b.height)), 0);
  });

  it('the batch sweep points sit at the report’s samples/s (log batch axis), with the knee marked', async () => {
    const chart = stage('benchmark').charts.find((c) => c.x.label === 'batch' && c.y.unit === 'samples/s');
    if (!chart) throw new Error('fixture has no sweep chart');
    const points = chart.series[0]?.points ?? [];
    const report = metaOf<BenchmarkReportView>('benchmark', 'report');
    expect(points.map(([, y]) => y)).toEqual(report.results?.map((r) => r.throughput?.samples_per_s));
    const dots = (await marks(chart.id, 0)).map(centre);
    expectLinear(dots.map((d) => d.y), points.map(([, y]) => y));
    expectLinear(dots.map((d) => d.x), points.map(([x]) => Math.log2(x)));
    const knee = (await marks(chart.id, 1))[0];
    const kneeIndex = points.findIndex(([x]) => x === report.sweep?.knee_batch);
    expect(Math.abs((knee?.x ?? 0) - (dots[kneeIndex]?.x ?? -99))).toBeLessThan(1.5);
  });

  it('the load test: throughput by concurrency, latency by throughput under the SLO line, server time bars', async () => {
    const report = metaOf<BenchmarkReportView>('loadtest', 'report');
    const results = report.results ?? [];
    const tput = (await marks('loadtest.load.throughput', 0)).map(centre);
    expectLinear(tput.map((d) => d.x), results.map((r) => r.concurrency ?? 0));
    expectLinear(tput.map((d) => d.y), results.map((r) => r.throughput?.inferences_per_s ?? 0));

    const lat = (await marks('loadtest.load.latency', 0)).map(centre);
    const p95 = results.map((r) => r.latency?.p95_ms ?? 0);
    expectLinear(lat.map((d) => d.x), results.map((r) => r.throughput?.inferences_per_s ?? 0));
    expectLinear(lat.map((d) => d.y), p95);
    // The SLO line is where the fit of the points puts the gate's bound.
    const slo = stage('loadtest').gates[0]?.bound ?? 0;
    const sloLine = (await marks('loadtest.load.latency', 1))[0];
    expectLinear([...lat.map((d) => d.y), sloLine?.y ?? 0], [...p95, slo]);

    const split = results.at(-1)?.server?.breakdown_ms ?? {};
    const segments = await Promise.all(Object.keys(split).map(async (_, i) => (await marks('loadtest.load.server-breakdown', i))[0]?.width ?? 0));
    expectLinear([0, ...segments], [0, ...Object.values(split)]);
    const composing = metaOf<BenchmarkReportView>('ensemble', 'report').results?.[0]?.server?.composing_models ?? [];
    expect(composing.length).toBeGreaterThan(0);
    const labels = await page.$$eval('figure[data-chart="ensemble.load.server-breakdown"] text', (nodes) => nodes.map((n) => n.textContent));
    for (const m of composing) expect(labels).toContain(m.name);
  });

  it('takes a screenshot of the whole report', async () => {
    const shot = join(tmpdir(), 'pipeline-report-screenshot.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(50_000);
  });
});
