import { formatTable } from '@bladerec/core';
import type { PolicyEvaluation } from '../align/evaluate-policy.js';
import type { Comparison } from '../evaluation/comparison.js';

/** A comparison as an aligned text table: means per recommender, then the bootstrap intervals. */
export function formatComparison(comparison: Comparison, metrics: readonly string[]): string {
  const rows: string[][] = [['', ...metrics]];
  for (const [name, values] of Object.entries(comparison.means))
    rows.push([name, ...metrics.map((m) => values[m]!.toFixed(4))]);
  for (const [name, diffs] of Object.entries(comparison.differences)) {
    rows.push([
      name,
      ...metrics.map((m) => {
        const d = diffs[m];
        return d ? `${sign(d.mean)} [${sign(d.lo)}, ${sign(d.hi)}]${d.significant ? ' *' : ''}` : '(corpus metric)';
      }),
    ]);
  }
  return `${formatTable(rows)}(${comparison.users} users; differences: mean [95% paired-bootstrap interval], * = excludes 0)\n`;
}

function sign(x: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(4);
}

/** Per-user scores of evaluated policies as plain arrays (`test-scores.json`), for offline bootstrap. */
export function perUserScores(
  evaluations: Readonly<Record<string, PolicyEvaluation>>,
): Record<string, Record<string, Record<string, number[]>>> {
  const out: Record<string, Record<string, Record<string, number[]>>> = {};
  for (const [name, e] of Object.entries(evaluations)) {
    out[name] = {
      sampled: Object.fromEntries(Object.entries(e.sampled.perList).map(([m, v]) => [m, Array.from(v)])),
      greedy: Object.fromEntries(Object.entries(e.greedy.perList).map(([m, v]) => [m, Array.from(v)])),
    };
  }
  return out;
}
