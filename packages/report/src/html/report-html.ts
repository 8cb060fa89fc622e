import type { ReportData } from '../aggregate/report-data.js';
import type { SkippedChart } from '../charts/chart.js';
import { escapeHtml } from './format.js';
import { resultsTableHtml } from './results-table.js';

/** A rendered chart for the page. */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1400px;
  padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { color: #555; font-size: 0.9rem; max-width: 60rem; }
table.results { border-collapse: collapse; font-size: 0.8rem; }
table.results td, table.results th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; }
table.results th { background: #f4f4f4; } td.significant { background: #eef7ee; }
.problems { color: #a33; } .note { color: #555; font-size: 0.9rem; }
`;

/**
 * The self-contained report page: every chart as inline SVG (rendered in Node, so the page needs no
 * script, no network and no CDN), the results table, the running runs and the unreadable folders.
 */
export function reportHtml(input: {
  readonly title: string;
  readonly data: ReportData;
  readonly charts: readonly RenderedChart[];
  readonly skipped: readonly SkippedChart[];
  readonly running: readonly string[];
  readonly problems: readonly string[];
  readonly runs: number;
}): string {
  const { data } = input;
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="note">${input.runs} runs in ${data.groups.length} groups; ` +
      `selection metric ${escapeHtml(data.metric)}. ` +
      'How to read each chart: docs/report.md.</p>',
  ];
  if (input.problems.length > 0) {
    parts.push(
      '<h2>Folders that could not be read</h2><ul class="problems">',
      ...input.problems.map((p) => `<li>${escapeHtml(p)}</li>`),
      '</ul>',
    );
  }
  for (const chart of input.charts) {
    parts.push(
      `<h2 id="${escapeHtml(chart.id)}">${escapeHtml(chart.title)}</h2>`,
      `<figure class="chart" data-chart="${escapeHtml(chart.id)}">${chart.svg}` +
        `<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`,
    );
  }
  parts.push(
    '<h2 id="results">Results</h2>',
    '<p class="note">Mean ± sd over finished seeds ' +
      '(test: one sampled list per user for alignment and Best-of-n runs). ' +
      `Differences of ${escapeHtml(data.metric)}: the seed-level paired t-test (mean [95 % CI], p) ` +
      'and exact sign test ' +
      '(positive/non-zero seeds, p), then the user-level paired bootstrap of seed-averaged scores (95 %); ' +
      '* and green = the bootstrap interval excludes 0.</p>',
    resultsTableHtml(data),
  );
  if (input.skipped.length > 0) {
    parts.push(
      '<h2>Charts without data</h2><ul>',
      ...input.skipped.map((s) => `<li>${escapeHtml(s.title)}: ${escapeHtml(s.reason)}</li>`),
      '</ul>',
    );
  }
  if (input.running.length > 0) {
    parts.push(
      '<h2>Running or interrupted runs (no summary.json yet)</h2><ul>',
      ...input.running.map((r) => `<li>${escapeHtml(r)}</li>`),
      '</ul>',
    );
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
