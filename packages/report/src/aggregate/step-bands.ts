import { mean, sd } from './summary-stats.js';
import type { RunEntry } from './run-entry.js';

/** One step of a curve over seeds: mean and the band mean ± sd (the mean alone with one seed). */
export interface BandPoint {
  readonly step: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Seeds with a value at this step. */
  readonly n: number;
}

/**
 * The curve of `key` over steps across the seeds of a group: at each step logged by any seed, the
 * mean of the seeds that logged it and the band mean ± sd (sd over those seeds; no band below two).
 * Non-finite values are left out.
 */
export function stepBand(runs: readonly RunEntry[], key: string): BandPoint[] {
  const byStep = new Map<number, number[]>();
  for (const run of runs) {
    for (const r of run.folder.records) {
      const v = r[key];
      if (v === undefined || !Number.isFinite(v)) continue;
      const list = byStep.get(r.step) ?? [];
      list.push(v);
      byStep.set(r.step, list);
    }
  }
  return [...byStep.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([step, values]) => {
      const m = mean(values);
      const s = values.length > 1 ? sd(values) : 0;
      return { step, mean: m, lo: m - s, hi: m + s, n: values.length };
    });
}
