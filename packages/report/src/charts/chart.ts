import type { TopLevelSpec } from 'vega-lite';

/** One chart of the report: a Vega-Lite spec with its file name, title and how to read it. */
export interface Chart {
  /** File stem: `<id>.svg`. */
  readonly id: string;
  readonly title: string;
  /** One paragraph under the chart (docs/report.md says more). */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** A chart the runs have no data for, and why (shown in the report instead of an empty picture). */
export interface SkippedChart {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
}
