/**
 * Failure-mode diagnostics over training, not only their mean: for each arm of a study setting, the mean of a
 * few `metrics.jsonl` keys over bins of training steps, averaged over the seeds that ran the arm's chosen
 * coefficient. It answers "does the signal decay as the policy improves?" (the method's second failure mode)
 * and "how much KL does an arm pay for the same training reward?", which the end-of-run means cannot.
 *
 * It reads the (local) run folders, not the committed records: `node experiments/study-trajectories.mjs
 * experiments/runs/study-lean/<dataset>/<setting>`.
 */

/** The keys tabulated, with their column names. */
export const TRAJECTORY_KEYS = [
  ['reward/total/mean', 'training reward'],
  ['kl/reference', 'KL'],
  ['blade/saturation_static', 'static sat.'],
  ['blade/saturation_target', 'target sat.'],
  ['blade/mean_abs_advantage', 'mean \\|adv\\|'],
  ['blade/ess_ratio', 'ESS/N'],
  ['train/grad_norm', 'grad norm'],
];

/**
 * Means of `keys` per bin of training steps over the runs' records (a training record has `train/loss`).
 * @param {Array<Array<Record<string, number>>>} runs the parsed metrics.jsonl records of each run
 * @param {number} steps the training steps of a run
 * @param {number} bins how many equal bins (the last takes the remainder)
 * @returns {Array<{ from: number, to: number, means: Record<string, number> }>} NaN where no run logged a key
 */
export function binnedMeans(runs, steps, bins, keys = TRAJECTORY_KEYS.map(([k]) => k)) {
  const width = Math.floor(steps / bins);
  if (width < 1) throw new RangeError(`binnedMeans: ${bins} bins for ${steps} steps`);
  const out = [];
  for (let b = 0; b < bins; b++) {
    const from = b * width + 1;
    const to = b === bins - 1 ? steps : (b + 1) * width;
    const means = {};
    for (const key of keys) {
      let sum = 0;
      let n = 0;
      for (const records of runs) {
        for (const r of records) {
          if (!('train/loss' in r) || r.step < from || r.step > to || typeof r[key] !== 'number') continue;
          sum += r[key];
          n++;
        }
      }
      means[key] = n === 0 ? Number.NaN : sum / n;
    }
    out.push({ from, to, means });
  }
  return out;
}

/** The markdown table of one arm's bins. */
export function renderTrajectory(arm, coef, seeds, rows) {
  const fmt = (v) => (Number.isFinite(v) ? v.toFixed(3) : '–');
  const lines = [
    `**${arm}** (KL coef ${coef}, seeds ${seeds.join(', ')})`,
    '',
    `| steps | ${TRAJECTORY_KEYS.map(([, name]) => name).join(' | ')} |`,
    `|---|${TRAJECTORY_KEYS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.from}–${r.to} | ${TRAJECTORY_KEYS.map(([k]) => fmt(r.means[k])).join(' | ')} |`),
  ];
  return lines.join('\n');
}
