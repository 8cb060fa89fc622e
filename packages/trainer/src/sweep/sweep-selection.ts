import { BladeUserError } from '@bladerec/core';

/** What one finished point of a sweep reports: validation values only, never test. */
export interface SweepPointResult {
  readonly name: string;
  /** Config path → value set by the point. */
  readonly assignment: Readonly<Record<string, unknown>>;
  /** Validation metrics of the point's best checkpoint. */
  readonly validation: Readonly<Record<string, number>>;
  readonly bestStep: number;
  readonly steps: number;
  readonly stoppedEarly: boolean;
}

/**
 * Index of the point with the highest validation `monitor`; ties go to the earlier point in grid
 * order, so the choice is deterministic. Only validation values are read.
 * @throws BladeUserError when no point reports `monitor`.
 */
export function selectPoint(results: readonly SweepPointResult[], monitor: string): number {
  let best = -1;
  results.forEach((r, i) => {
    const v = r.validation[monitor];
    if (v !== undefined && Number.isFinite(v) && (best < 0 || v > results[best]!.validation[monitor]!)) best = i;
  });
  if (best < 0) throw new BladeUserError(`no sweep point has a validation value of ${monitor}`);
  return best;
}

/** The grid as a Markdown table: one row per point (values, validation metrics, best step), the chosen one marked. */
export function sweepTable(
  results: readonly SweepPointResult[],
  paths: readonly string[],
  metrics: readonly string[],
  chosen: number,
): string {
  const header = ['#', ...paths, ...metrics.map((m) => `valid ${m}`), 'best step', 'chosen'];
  const rows = results.map((r, i) => [
    String(i + 1),
    ...paths.map((p) => JSON.stringify(r.assignment[p])),
    ...metrics.map((m) => (r.validation[m] === undefined ? '—' : r.validation[m]!.toFixed(4))),
    `${r.bestStep} / ${r.steps}`,
    i === chosen ? '**✓**' : '',
  ]);
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n') + '\n';
}
