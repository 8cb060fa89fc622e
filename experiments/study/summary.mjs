/**
 * The study's headline across data sets: one row per reported setting — SFT, vBoN and BLADE on test, BLADE − vBoN
 * at the seed level (paired t and sign test) and over users (paired bootstrap), the best trained arm, realised KL,
 * the static target's saturation and the budget wasted on tied groups. Pure: the per-data-set reports
 * (`study-<dataset>.json`, aggregateDataset in report.mjs) are passed in; study.mjs writes the result to
 * `<results>/summary.md` after its report phase.
 */

const f = (x, d = 4) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const signed = (x, d = 4) => (typeof x === 'number' && Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(d) : '–');
const pValue = (p) => (!Number.isFinite(p) ? '–' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/**
 * One row per setting of every report, in the reports' order.
 * @param {any[]} reports per-data-set reports (`study-<dataset>.json`)
 * @param {{ method?: string, baseline?: string, reference?: string, bon?: string }} [arms] the arm names
 *   (defaults: blade, vbon, sft, the first `bon@…` arm)
 */
export function summaryRows(reports, arms = {}) {
  const method = arms.method ?? 'blade';
  const baseline = arms.baseline ?? 'vbon';
  const reference = arms.reference ?? 'sft';
  const rows = [];
  for (const report of reports) {
    for (const [setting, s] of Object.entries(report.settings ?? {})) {
      const all = s.arms;
      if (!all[method] || !all[baseline]) continue;
      const bon = arms.bon ?? Object.keys(all).find((a) => a.startsWith('bon@'));
      // the best arm that was trained (has a KL coefficient), by its test mean
      const trained = Object.entries(all).filter(
        ([, a]) => typeof a.coef === 'number' && Number.isFinite(a.test?.mean),
      );
      const [bestName, best] = trained.reduce((m, x) => (x[1].test.mean > m[1].test.mean ? x : m));
      const diff = all[method].differences?.[baseline];
      rows.push({
        dataset: report.dataset,
        setting,
        metric: s.metric ?? report.metric,
        seeds: report.seeds.length,
        reference: all[reference]?.test.mean,
        baseline: all[baseline].test.mean,
        method: all[method].test.mean,
        bon: bon ? all[bon]?.test.mean : undefined,
        bonName: bon,
        difference: diff,
        best: { arm: bestName, test: best.test.mean, difference: best.differences?.[baseline] },
        kl: { method: all[method].kl?.mean, baseline: all[baseline].kl?.mean },
        saturation: all[baseline].diagnostics?.['blade/saturation_static']?.mean,
        wasted: all[baseline].wasted?.mean,
      });
    }
  }
  return rows;
}

/**
 * The rows as a markdown table with a short legend.
 * @param {any[]} rows summaryRows(…)
 * @param {{ command?: string, title?: string }} [options] the command that rebuilds it; the heading
 */
export function renderSummary(rows, { command, title = 'The study at a glance' } = {}) {
  const lines = [`## ${title}`, ''];
  if (command) lines.push(`Rebuilt by \`${command}\` from the per-data-set reports beside this file.`, '');
  lines.push(
    'Test means over the final seeds (one sampled list per user). "seeds" = paired t-test p and the sign count over ' +
      'seeds; "users" = the paired bootstrap 95 % interval over test users (* = excludes 0). Best arm = the trained ' +
      'arm with the highest test mean (its difference to vBoN, seed-level p). Static saturation = the share of ' +
      "vBoN's rollouts at F̂ = 1; wasted = the share of sampled groups whose lists all tie (vBoN's runs).",
    '',
    '| data set | setting | metric | SFT | vBoN | BLADE | BLADE − vBoN: seeds | BLADE − vBoN: users | best trained arm ' +
      '| KL BLADE / vBoN | static saturation | wasted | Best-of-n |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const d = r.difference;
    const seeds = d ? `${signed(d.mean)} (${pValue(d.p)}, ${d.sign?.positive}/${d.sign?.n})` : '–';
    const b = d?.bootstrap;
    const users = b ? `${signed(b.mean)} [${signed(b.lo)}, ${signed(b.hi)}]${b.significant ? ' *' : ''}` : '–';
    const bd = r.best.difference;
    const best = `${r.best.arm} ${f(r.best.test)}${bd ? ` (${signed(bd.mean)}, ${pValue(bd.p)})` : ''}`;
    lines.push(
      `| ${r.dataset} | ${r.setting} | ${r.metric} | ${f(r.reference)} | ${f(r.baseline)} | ${f(r.method)} | ` +
        `${seeds} | ${users} | ${best} | ${f(r.kl.method, 2)} / ${f(r.kl.baseline, 2)} | ${f(r.saturation, 3)} | ` +
        `${f(r.wasted, 2)} | ${r.bonName ? `${f(r.bon)} (${r.bonName})` : '–'} |`,
    );
  }
  return lines.join('\n') + '\n';
}
