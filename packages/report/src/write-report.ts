import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ReportData, reportData } from './aggregate/report-data.js';
import { buildCharts, isChart } from './charts/build-charts.js';
import type { SkippedChart } from './charts/chart.js';
import { renderSvg } from './charts/render-svg.js';
import { type RenderedChart, reportHtml } from './html/report-html.js';
import { loadRuns } from './runs/load-runs.js';

/** Options of {@link writeReport}. */
export interface ReportOptions {
  readonly paths: readonly string[];
  readonly out: string;
  /** The metric of the frontier, the validation column and the differences (default ndcg@10). */
  readonly metric?: string;
  /** An arm to compare every other arm with (paired by seed), besides each run's own SFT reference. */
  readonly baseline?: string;
  /** Steps of the realised-KL window (default 10, as the study). */
  readonly klWindow?: number;
  readonly title?: string;
  /** Progress: `phase` is `read` (per folder) or `render` (per chart). */
  readonly onProgress?: (phase: 'read' | 'render', done: number, total: number) => void;
}

/** What {@link writeReport} wrote and found. */
export interface ReportResult {
  readonly html: string;
  readonly svgs: readonly string[];
  readonly data: ReportData;
  readonly skipped: readonly SkippedChart[];
  readonly running: readonly string[];
  readonly problems: readonly string[];
  readonly runs: number;
}

/**
 * Reads every run folder under `paths` and writes `report.html` (self-contained), one SVG per chart
 * and `report.json` (the aggregated numbers) into `out`. Unreadable folders are listed, not fatal.
 */
export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  const { entries, problems } = loadRuns(options.paths, {
    ...(options.klWindow === undefined ? {} : { klWindow: options.klWindow }),
    onFolder: (done, total) => options.onProgress?.('read', done, total),
  });
  const data = reportData(entries, {
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
  });
  const all = buildCharts(data);
  const charts = all.filter(isChart);
  const skipped = all.filter((c): c is SkippedChart => !isChart(c));
  mkdirSync(options.out, { recursive: true });
  const rendered: RenderedChart[] = [];
  const svgs: string[] = [];
  for (const [i, chart] of charts.entries()) {
    const svg = await renderSvg(chart.spec);
    const file = join(options.out, `${chart.id}.svg`);
    writeFileSync(file, svg);
    svgs.push(file);
    rendered.push({ id: chart.id, title: chart.title, caption: chart.caption, svg });
    options.onProgress?.('render', i + 1, charts.length);
  }
  const running = entries.filter((e) => e.folder.status === 'running').map((e) => e.folder.dir);
  const html = join(options.out, 'report.html');
  writeFileSync(
    html,
    reportHtml({
      title: options.title ?? 'bladerec report',
      data,
      charts: rendered,
      skipped,
      running,
      problems,
      runs: entries.length,
    }),
  );
  const json = {
    metric: data.metric,
    metrics: data.metrics,
    frontier: data.frontier,
    rows: data.rows.map((r) => ({
      label: r.group.label,
      setting: r.group.setting,
      arm: r.group.arm,
      coef: r.group.coef ?? null,
      objective: r.group.objective ?? null,
      runs: r.group.runs.map((e) => e.folder.dir),
      finished: r.finished,
      running: r.running,
      kl: r.kl,
      validation: r.validation,
      test: r.test,
      differences: r.differences,
      exposure: r.exposure,
    })),
    skipped,
    running,
    problems,
  };
  writeFileSync(
    join(options.out, 'report.json'),
    JSON.stringify(json, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
  return { html, svgs, data, skipped, running, problems, runs: entries.length };
}
