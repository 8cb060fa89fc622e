import type { TopLevelSpec } from 'vega-lite';
import type { RunGroup } from '../aggregate/group-runs.js';
import { stepBand } from '../aggregate/step-bands.js';

/** A row of a step chart's data: one step of one group's curve of one key. */
export interface StepRow {
  readonly key: string;
  readonly series: string;
  readonly coef: string;
  readonly step: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** The settings of the alignment and Best-of-n runs (SFT folders sit beside them and do not count). */
export function settingCount(groups: readonly RunGroup[]): number {
  return new Set(groups.filter((g) => g.kind !== 'sft').map((g) => g.setting)).size;
}

/** The series name of a group in curves (the coefficient has its own column of panels). */
export function seriesName(g: RunGroup, settings: number): string {
  return settings > 1 && g.setting !== '' ? `${g.setting} · ${g.arm}` : g.arm;
}

/** The curves of `keys` for every group, long format (empty curves left out). */
export function stepRows(groups: readonly RunGroup[], keys: readonly string[]): StepRow[] {
  const settings = settingCount(groups);
  const rows: StepRow[] = [];
  for (const g of groups) {
    for (const key of keys) {
      for (const p of stepBand(g.runs, key)) {
        rows.push({
          key,
          series: seriesName(g, settings),
          coef: g.coef === undefined ? '–' : `kl=${String(g.coef)}`,
          step: p.step,
          mean: p.mean,
          lo: p.lo,
          hi: p.hi,
        });
      }
    }
  }
  return rows;
}

/**
 * Curves over steps: one row of panels per key (independent y scales), one column per KL
 * coefficient when there are several; a line per arm (the mean over seeds) over a band (mean ± sd).
 */
export function stepChartSpec(title: string, rows: readonly StepRow[], keys: readonly string[]): TopLevelSpec {
  const columns = new Set(rows.map((r) => r.coef)).size;
  const x = { field: 'step', type: 'quantitative', title: 'step' } as const;
  const color = { field: 'series', type: 'nominal', title: 'arm' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: {
      row: {
        field: 'key',
        type: 'nominal',
        title: null,
        sort: [...keys],
        header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' },
      },
      ...(columns > 1 ? { column: { field: 'coef', type: 'nominal', title: 'KL coefficient' } } : {}),
    },
    spec: {
      width: 240,
      height: 110,
      layer: [
        {
          mark: { type: 'area', opacity: 0.2 },
          encoding: { x, y: { field: 'lo', type: 'quantitative', title: null }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: { x, y: { field: 'mean', type: 'quantitative', title: null }, color },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
