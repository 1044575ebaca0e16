// What writing the HTML report after every run costs (build first: npx turbo run build).
//   node bench/html-report.mjs
// Each figure from a fresh Node process (as `pipeline run` pays it): importing the renderer, then
// rendering a run. ECharts' one-file build loads on the first chart: the one-stage report (its DAG is
// plain SVG) never loads it, so the first ocr-report render pays for it. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../packages/report-html/src/fixtures/ocr-report.run.json', import.meta.url));
const renderer = new URL('../packages/report-html/dist/index.js', import.meta.url).href;
const reports = new URL('../packages/reports/dist/index.js', import.meta.url).href;

const script = `
const t0 = performance.now();
const { renderRunHtml } = await import(${JSON.stringify(renderer)});
const { readRunRecordFile } = await import(${JSON.stringify(reports)});
const t1 = performance.now();
const full = await readRunRecordFile(${JSON.stringify(fixture)});
const small = { ...full, stages: full.stages.filter((s) => s.id === 'convert') };
const t2 = performance.now();
const a = renderRunHtml(small);
const t3 = performance.now();
const b = renderRunHtml(full);
const t4 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, smallMs: t3 - t2, smallBytes: a.length, fullMs: t4 - t3, fullBytes: b.length }));
`;

const runs = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
const median = (key) => runs.map((r) => r[key]).sort((x, y) => x - y)[2];
console.log(`import of the renderer:            ${median('importMs').toFixed(0)} ms (median of 5 processes)`);
console.log(`report of a one-stage run:         ${median('smallMs').toFixed(0)} ms, ${runs[0].smallBytes} bytes (first render in the process)`);
console.log(`report of ocr-report (9 charts):   ${median('fullMs').toFixed(0)} ms, ${runs[0].fullBytes} bytes (after the first; loads ECharts)`);
