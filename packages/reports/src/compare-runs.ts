import type { RunRecord } from './run-record.js';

/** One figure of two runs side by side. `better` says which way is an improvement, when known. */
export interface ComparedFigure {
  stage: string;
  name: string;
  unit?: string | undefined;
  better?: 'lower' | 'higher' | undefined;
  a?: number | undefined;
  b?: number | undefined;
  /** b − a, and as a percentage of a (absent when a is 0 or either is missing). */
  delta?: number | undefined;
  deltaPct?: number | undefined;
  /** `better`, `worse`, `same`, or `changed` when no direction is known; absent when a side is missing. */
  verdict?: 'better' | 'worse' | 'same' | 'changed' | undefined;
}

export interface RunComparison {
  a: { runId: string; pipeline: string; status: string };
  b: { runId: string; pipeline: string; status: string };
  figures: ComparedFigure[];
}

type Figure = Omit<ComparedFigure, 'a' | 'b' | 'delta' | 'deltaPct' | 'verdict'> & { value: number };

/**
 * Every figure a run records, keyed by stage and name: each stage's metrics (latency percentiles,
 * throughput, accuracy figures, as the stages report them), its time (a build's duration), and the size
 * of each output artifact (an engine's size). Generic: it knows no stage by name.
 */
function figuresOf(record: RunRecord): Map<string, Figure> {
  const out = new Map<string, Figure>();
  const put = (f: Figure) => out.set(`${f.stage}\u0000${f.name}`, f);
  for (const s of record.stages) {
    for (const m of s.metrics) put({ stage: s.id, name: m.name, unit: m.unit, better: m.better, value: m.value });
    // A cached stage's time is the lookup's, not the work's: not a figure to compare.
    if (s.durationMs !== undefined && s.status === 'succeeded') put({ stage: s.id, name: 'stage time', unit: 'ms', better: 'lower', value: s.durationMs });
    for (const [port, artifact] of Object.entries(s.outputs)) put({ stage: s.id, name: `${port} size (${artifact.kind})`, unit: 'B', value: artifact.size });
  }
  return out;
}

function verdictOf(f: Pick<ComparedFigure, 'a' | 'b' | 'better'>): ComparedFigure['verdict'] {
  if (f.a === undefined || f.b === undefined) return undefined;
  if (f.a === f.b) return 'same';
  if (!f.better) return 'changed';
  return (f.b < f.a) === (f.better === 'lower') ? 'better' : 'worse';
}

/** Two runs' figures side by side with deltas (b relative to a), in a's order then b's new ones. */
export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const fa = figuresOf(a);
  const fb = figuresOf(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  const figures = keys.map((key): ComparedFigure => {
    const x = fa.get(key);
    const y = fb.get(key);
    const base = (x ?? y) as Figure;
    const f: ComparedFigure = { stage: base.stage, name: base.name, unit: base.unit, better: x?.better ?? y?.better, a: x?.value, b: y?.value };
    if (f.a !== undefined && f.b !== undefined) {
      f.delta = f.b - f.a;
      if (f.a !== 0) f.deltaPct = (f.delta / Math.abs(f.a)) * 100;
    }
    f.verdict = verdictOf(f);
    return f;
  });
  const side = (r: RunRecord) => ({ runId: r.runId, pipeline: r.pipeline.name, status: r.status });
  return { a: side(a), b: side(b), figures };
}
