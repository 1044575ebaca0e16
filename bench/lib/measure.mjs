// Shared by the benches: wall time of fresh processes, several commands interleaved round by round so
// that a load spike on this shared machine hits every command alike, and the figures of a series.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

/** min/median/max of a list of numbers. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted.at(-1), n: sorted.length };
}

/** The 1-minute load average and the core count, to print beside every figure. */
export function load() {
  return { load1: Number(loadavg()[0].toFixed(2)) };
}

/**
 * Runs each command `rounds` times (after `warmup` unmeasured rounds), interleaved: round i runs every
 * command once, in turn. Returns per command its wall times (ms); `ratios[name]` are per-round ratios to
 * the command named `baseline` (same round, so same load).
 * A command is { name, file, args, options?, okStatus? } for spawnSync.
 */
export function interleaved(commands, { rounds = 7, warmup = 1, baseline } = {}) {
  const times = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const c of commands) {
      c.before?.();
      const start = process.hrtime.bigint();
      const result = spawnSync(c.file, c.args, { stdio: 'ignore', ...c.options });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const ok = c.okStatus ?? [0];
      if (!ok.includes(result.status)) throw new Error(`${c.name}: ${c.file} ${c.args.join(' ')} exited ${result.status ?? result.signal}`);
      if (round >= warmup) times[c.name].push(ms);
    }
  }
  const ratios = {};
  if (baseline) for (const c of commands) if (c.name !== baseline) ratios[c.name] = times[c.name].map((t, i) => t / times[baseline][i]);
  return { times, ratios };
}
