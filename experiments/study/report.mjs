/**
 * The report half of the study harness: what one run folder says (validation at the kept step,
 * realised KL, test means, per-user test scores, compute), and the per-data-set aggregation —
 * mean ± sd over seeds, seed-level paired t and sign tests, the user-level paired bootstrap, the
 * KL frontier of the sweep and the compute spent. Pure: file contents are passed in. The run-level
 * numbers (realised KL, value at the kept step) and the paired difference (seed-level t and sign
 * tests, user bootstrap) are @bladerec/report's, the one implementation `blade report` and
 * `blade compare` use.
 */
import { pairedDifference, realisedKl, valueAtStep } from '@bladerec/report';
import { selectOf, trainedArms } from './plan.mjs';

/** Means over seeds are strict here: a missing value makes the mean NaN (the study must have every seed). */
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
export const sd = (xs) => {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/**
 * The failure-mode diagnostics the report shows per arm (docs/algorithms.md): the mean over the training
 * steps up to the kept step — static vs target saturation, groups with no signal, mean |advantage|, ESS/N.
 */
export const DIAGNOSTIC_KEYS = [
  'blade/saturation_static',
  'blade/saturation_target',
  'blade/zero_signal_groups',
  'blade/mean_abs_advantage',
  'blade/ess_ratio',
];

/**
 * The numbers of one finished run.
 * @param {any} run a planned run (plan.mjs)
 * @param {{ summary: any, records?: any[], scores: any, timing?: { wallSeconds: number } }} files
 * @returns {{ validation?: number, sftValidation?: number, kl?: number, bestStep?: number,
 *   ceiling?: number, wasted?: number, diagnostics?: Record<string, number>,
 *   test: Record<string, number>, sftTest?: Record<string, number>, greedy?: Record<string, number>,
 *   sftGreedy?: Record<string, number>, users: Record<string, number[]>,
 *   sftUsers?: Record<string, number[]>, rollouts: number, wallSeconds: number }}
 */
export function runResult(study, run, files) {
  const { summary, records = [], scores, timing } = files;
  const wallSeconds = timing?.wallSeconds ?? Number.NaN;
  const spec = study.arms[run.arm];
  if (spec?.kind === 'bon') {
    const key = `bon@${spec.n}`;
    return { test: summary.test.means[key], users: scores[key].sampled, rollouts: 0, wallSeconds };
  }
  if (run.phase === 'sft') return { test: {}, users: {}, rollouts: 0, wallSeconds };
  const name = run.command[1];
  const bestStep = summary.bestStep ?? summary.steps;
  const evalAt = (step, key) => valueAtStep(records, step, key);
  const select = selectOf(study, run.dataset, run.setting);
  const validation = evalAt(bestStep, `eval/sampled/${select}`);
  const sftValidation = evalAt(0, `eval/sampled/${select}`);
  const kl = realisedKl(records, bestStep, study.klWindow ?? 10);
  const ceiling = evalAt(bestStep, 'eval/ceiling_ratio');
  const wastedSteps = records.filter((r) => 'sampling/wasted_fraction' in r).map((r) => r['sampling/wasted_fraction']);
  const wasted = wastedSteps.length ? wastedSteps.reduce((a, b) => a + b, 0) / wastedSteps.length : Number.NaN;
  const diagnostics = {};
  for (const key of DIAGNOSTIC_KEYS)
    diagnostics[key] = mean(
      records.filter((r) => key in r && 'train/loss' in r && r.step <= bestStep).map((r) => r[key]),
    );
  const align = run.config.align;
  const rollouts = study.rolloutsKey
    ? (records.filter((r) => study.rolloutsKey in r).at(-1)?.[study.rolloutsKey] ?? Number.NaN)
    : summary.steps * align.contextsPerStep * align.groupSize;
  return {
    validation,
    sftValidation,
    kl,
    bestStep,
    ceiling,
    wasted,
    diagnostics,
    test: summary.test.sampled.means[name],
    sftTest: summary.test.sampled.means.sft,
    greedy: summary.test.greedy.means[name],
    sftGreedy: summary.test.greedy.means.sft,
    users: scores[name].sampled,
    sftUsers: scores.sft.sampled,
    rollouts,
    wallSeconds,
  };
}

/**
 * Aggregates one data set.
 * @param {any[]} runs planned runs (sft, sweep, final) with `result` from {@link runResult}
 * @param {any} selection setting → arm → { coef, validation, byCoef } (plan.mjs selectCoefficients)
 */
export function aggregateDataset(study, dataset, runs, selection) {
  const seeds = study.profile.seeds.final;
  const settings = [...new Set(runs.filter((r) => r.setting).map((r) => r.setting))];
  const report = {
    dataset,
    profile: study.profileName,
    metric: study.select,
    seeds,
    sweepSeeds: study.profile.seeds.sweep,
    klGrid: study.profile.klGrid,
    align: study.profile.align,
    settings: {},
    compute: {},
  };
  const finalRun = (setting, arm, seed) =>
    runs.find((r) => r.phase === 'final' && r.setting === setting && r.arm === arm && r.seed === seed);
  for (const setting of settings) {
    const metric = selectOf(study, dataset, setting);
    const trained = trainedArms(study);
    const anchorArm = trained[0];
    /** Per arm: per final seed its test value, validation, KL, and per-user test scores. */
    const perArm = {};
    for (const [arm, spec] of Object.entries(study.arms)) {
      const rows = seeds.map((seed) => {
        if (spec.kind === 'reference') {
          const r = finalRun(setting, anchorArm, seed).result;
          return {
            test: r.sftTest[metric],
            tests: r.sftTest,
            validation: r.sftValidation,
            kl: 0,
            ceiling: Number.NaN,
            wasted: Number.NaN,
            diagnostics: {},
            users: r.sftUsers[metric],
          };
        }
        const r = finalRun(setting, arm, seed).result;
        return {
          test: r.test[metric],
          tests: r.test,
          validation: r.validation,
          kl: r.kl,
          ceiling: r.ceiling ?? Number.NaN,
          wasted: r.wasted ?? Number.NaN,
          diagnostics: r.diagnostics ?? {},
          users: r.users[metric],
        };
      });
      perArm[arm] = rows;
    }
    const arms = {};
    for (const [arm, spec] of Object.entries(study.arms)) {
      const rows = perArm[arm];
      const row = {
        coef: spec.kind === undefined ? selection[setting][arm].coef : null,
        kl: summarise(rows.map((r) => r.kl)),
        validation: summarise(rows.map((r) => r.validation)),
        test: summarise(rows.map((r) => r.test)),
        ceiling: summarise(rows.map((r) => r.ceiling)),
        wasted: summarise(rows.map((r) => r.wasted)),
        diagnostics: Object.fromEntries(
          // a seed that kept step 0 (validation never rose above the SFT policy) has no training step to average:
          // it is left out, and the table says over how many seeds the mean is
          DIAGNOSTIC_KEYS.map((k) => [
            k,
            summarise(rows.map((r) => r.diagnostics[k] ?? Number.NaN).filter(Number.isFinite)),
          ]),
        ),
        differences: {},
        // test mean ± sd of every metric the runs evaluated (a composite objective's terms next to its total)
        tests: Object.fromEntries(
          [...new Set(rows.flatMap((r) => Object.keys(r.tests ?? {})))].map((m) => [
            m,
            summarise(rows.map((r) => r.tests?.[m] ?? Number.NaN)),
          ]),
        ),
      };
      for (const base of study.baselines ?? []) {
        if (base === arm) continue;
        const baseRows = perArm[base];
        row.differences[base] = pairedDifference(rows, baseRows, { seed: 11 });
      }
      arms[arm] = row;
    }
    // the KL frontier: every swept coefficient, mean over the sweep seeds (test shown, never used to choose)
    const frontier = {};
    for (const arm of trainedArms(study)) {
      frontier[arm] = study.profile.klGrid.map((coef) => {
        const rs = runs
          .filter((r) => r.phase === 'sweep' && r.setting === setting && r.arm === arm && r.coef === coef)
          .map((r) => r.result);
        return {
          coef,
          kl: mean(rs.map((r) => r.kl)),
          validation: mean(rs.map((r) => r.validation)),
          test: mean(rs.map((r) => r.test[metric])),
          chosen: selection[setting][arm].coef === coef,
        };
      });
    }
    const grid = gridOf(study, runs, setting, metric, selection[setting]);
    report.settings[setting] = { metric, arms, frontier, ...(grid ? { grid } : {}) };
  }
  // compute: each folder once (a final run that is also a sweep run counts once)
  const unique = new Map();
  for (const r of runs) if (!unique.has(r.dir)) unique.set(r.dir, r);
  const byPhase = {};
  for (const r of unique.values()) {
    const p = (byPhase[r.phase] ??= { runs: 0, wallSeconds: 0, rollouts: 0 });
    p.runs++;
    p.wallSeconds += r.result.wallSeconds;
    p.rollouts += r.result.rollouts;
  }
  report.compute = byPhase;
  return report;
}

/**
 * The grid phase's sensitivity table of one setting: for every trained arm that has run at every coefficient of the
 * grid on every final seed (from any phase: a sweep or final run with the same folder is the same run), each
 * coefficient's realised KL, validation and test over the final seeds, and its difference to each baseline at the
 * same coefficient (seed-level tests and user bootstrap). Undefined where no arm has the whole grid.
 */
function gridOf(study, runs, setting, metric, selection) {
  const seeds = study.profile.seeds.final;
  const at = (arm, coef, seed) =>
    runs.find((r) => r.setting === setting && r.arm === arm && r.coef === coef && r.seed === seed);
  const rowsOf = {};
  for (const arm of trainedArms(study)) {
    const points = study.profile.klGrid.map((coef) => {
      const rs = seeds.map((seed) => at(arm, coef, seed));
      if (rs.some((r) => r === undefined)) return undefined;
      return {
        coef,
        rows: rs.map(({ result: r }) => ({
          test: r.test[metric],
          users: r.users[metric],
          kl: r.kl,
          validation: r.validation,
        })),
      };
    });
    if (points.every((p) => p !== undefined)) rowsOf[arm] = points;
  }
  if (Object.keys(rowsOf).length === 0) return undefined;
  const grid = {};
  for (const [arm, points] of Object.entries(rowsOf)) {
    grid[arm] = points.map(({ coef, rows }, i) => ({
      coef,
      chosen: selection[arm]?.coef === coef,
      kl: summarise(rows.map((r) => r.kl)),
      validation: summarise(rows.map((r) => r.validation)),
      test: summarise(rows.map((r) => r.test)),
      differences: Object.fromEntries(
        (study.baselines ?? [])
          .filter((base) => base !== arm && rowsOf[base])
          .map((base) => [base, pairedDifference(rows, rowsOf[base][i].rows, { seed: 11 })]),
      ),
    }));
  }
  return grid;
}

function summarise(xs) {
  return { mean: mean(xs), sd: sd(xs), n: xs.length };
}

const f = (x, d = 4) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
const pm = (s, d = 4) => `${f(s.mean, d)} ± ${f(s.sd, d)}`;
const signed = (x, d = 4) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(d)}` : '–');
const pValue = (p) => (Number.isFinite(p) ? (p < 0.001 ? '< 0.001' : p.toFixed(3)) : '–');
/** `p = 0.012`, or `p < 0.001`. */
const pText = (p) => (Number.isFinite(p) && p < 0.001 ? 'p < 0.001' : `p = ${pValue(p)}`);

/** The markdown report of one data set. */
export function renderDataset(report, { command, note } = {}) {
  const lines = [`## ${report.dataset}`, ''];
  const a = report.align;
  lines.push(
    `Profile \`${report.profile}\`. Each trained arm: ${a.steps} steps × ${a.contextsPerStep} contexts × ` +
      `N = ${a.groupSize} lists (the same budget for every arm), keepBest on the setting's validation selection ` +
      `metric (sampled lists, ${a.evalExamples} users; ${report.metric} unless the setting names another). ` +
      `KL grid ${report.klGrid.join(', ')} swept on seeds ` +
      `${report.sweepSeeds.join(', ')} (validation picks the coefficient); ` +
      `the chosen coefficient on seeds ${report.seeds.join(', ')}; test evaluated once per run.`,
  );
  if (command) lines.push('', `Command: \`${command}\`.`);
  if (report.pending?.length) lines.push('', `Not finished yet, so not reported: ${report.pending.join('; ')}.`);
  if (note) lines.push('', note);
  lines.push('');
  for (const [setting, s] of Object.entries(report.settings)) {
    const metric = s.metric ?? report.metric;
    lines.push(
      `### ${setting}`,
      '',
      `Test and validation ${metric} (one sampled list per user), realised KL at the kept step, ` +
        'the static-ceiling ratio (`eval/ceiling_ratio` at the kept step) and the fraction of sampled groups ' +
        'wasted on ties (`sampling/wasted_fraction`, mean over steps) — ' +
        `mean ± sd over ${report.seeds.length} seeds:`,
      '',
    );
    lines.push(
      '| arm | KL coef (chosen) | realised KL | validation | test | ceiling ratio (validation) | wasted groups |',
      '|---|---|---|---|---|---|---|',
    );
    for (const [arm, r] of Object.entries(s.arms)) {
      lines.push(
        `| ${arm} | ${r.coef ?? '–'} | ${pm(r.kl)} | ${pm(r.validation)} | ${pm(r.test)} ` +
          `| ${pm(r.ceiling, 3)} | ${pm(r.wasted, 3)} |`,
      );
    }
    lines.push('');
    lines.push(
      'Failure-mode diagnostics of the final runs (docs/algorithms.md; mean over the training steps up to the ' +
        `kept step, then over ${report.seeds.length} seeds — or over the seeds named, where a run kept step 0 and so ` +
        'has no training step to average; – where the arm has no such quantity):',
      '',
      '| arm | static saturation | target saturation | zero-signal groups | mean \\|advantage\\| | ESS/N |',
      '|---|---|---|---|---|---|',
    );
    for (const [arm, r] of Object.entries(s.arms)) {
      if (r.coef === null) continue;
      const d = (k) => {
        const x = r.diagnostics?.[k];
        return x && x.n > 0 && x.n < report.seeds.length ? `${f(x.mean, 3)} (${x.n} seeds)` : f(x?.mean, 3);
      };
      lines.push(
        `| ${arm} | ${d('blade/saturation_static')} | ${d('blade/saturation_target')} | ` +
          `${d('blade/zero_signal_groups')} | ${d('blade/mean_abs_advantage')} | ${d('blade/ess_ratio')} |`,
      );
    }
    lines.push('');
    const measured = [...new Set(Object.values(s.arms).flatMap((r) => Object.keys(r.tests ?? {})))];
    if (measured.length > 1) {
      lines.push(
        `Test means of every evaluated metric (one sampled list per user), mean ± sd over ${report.seeds.length} seeds:`,
        '',
        `| arm | ${measured.join(' | ')} |`,
        `|---|${measured.map(() => '---').join('|')}|`,
      );
      for (const [arm, r] of Object.entries(s.arms))
        lines.push(`| ${arm} | ${measured.map((m) => (r.tests?.[m] ? pm(r.tests[m]) : '–')).join(' | ')} |`);
      lines.push('');
    }
    const bases = [...new Set(Object.values(s.arms).flatMap((r) => Object.keys(r.differences)))];
    for (const base of bases) {
      lines.push(
        `Test ${metric} differences against ${base}: seed-level paired t-test (mean, 95 % CI, ` +
          'two-sided p) and exact sign test (positive/non-zero seeds, p); user-level paired bootstrap of ' +
          'seed-averaged scores (95 %, * = excludes 0):',
        '',
      );
      lines.push(
        '| arm − ' + base + ' | mean | t 95 % CI | t-test p | sign test | sign p | user bootstrap |',
        '|---|---|---|---|---|---|---|',
      );
      for (const [arm, r] of Object.entries(s.arms)) {
        const d = r.differences[base];
        if (!d) continue;
        const b = d.bootstrap;
        lines.push(
          `| ${arm} | ${signed(d.mean)} | [${f(d.lo)}, ${f(d.hi)}] | ${pValue(d.p)} | ` +
            `${d.sign.positive}/${d.sign.n} | ${pValue(d.sign.p)} | ` +
            `${signed(b.mean)} [${f(b.lo)}, ${f(b.hi)}]${b.significant ? ' *' : ''} |`,
        );
      }
      lines.push('');
    }
    lines.push(
      `KL frontier (sweep, mean over seeds ${report.sweepSeeds.join(', ')}; ** = chosen on validation; ` +
        'test shown, never used to choose):',
      '',
    );
    lines.push('| arm | KL coef | realised KL | validation | test |', '|---|---|---|---|---|');
    for (const [arm, points] of Object.entries(s.frontier)) {
      for (const p of points)
        lines.push(`| ${arm} | ${p.coef}${p.chosen ? ' **' : ''} | ${f(p.kl)} | ${f(p.validation)} | ${f(p.test)} |`);
    }
    lines.push('');
    if (s.grid) lines.push(...renderGrid(s.grid, report.seeds, metric));
  }
  lines.push(
    'Compute spent (each run folder once):',
    '',
    '| phase | runs | wall time | policy rollouts (training) |',
    '|---|---|---|---|',
  );
  for (const [phase, c] of Object.entries(report.compute))
    lines.push(`| ${phase} | ${c.runs} | ${(c.wallSeconds / 60).toFixed(1)} min | ${c.rollouts} |`);
  lines.push('');
  return lines.join('\n');
}

/** The grid phase's table: every coefficient on every final seed (a sensitivity analysis). */
function renderGrid(grid, seeds, metric) {
  const bases = [
    ...new Set(Object.values(grid).flatMap((points) => points.flatMap((p) => Object.keys(p.differences)))),
  ];
  const lines = [
    `Every coefficient on every final seed (\`--phase grid\`, a sensitivity analysis: the coefficients above were ` +
      `chosen on the sweep seeds' validation alone; ** = that choice). Test ${metric}, mean ± sd over ` +
      `${seeds.length} seeds, and the difference to ${bases.join(', ') || 'the baselines'} at the same coefficient ` +
      '(seed-level t-test p and sign count; user bootstrap, * = excludes 0):',
    '',
    `| arm | KL coef | realised KL | validation | test |${bases.map((b) => ` − ${b} (seeds) | − ${b} (users) |`).join('')}`,
    `|---|---|---|---|---|${bases.map(() => '---|---|').join('')}`,
  ];
  for (const [arm, points] of Object.entries(grid))
    for (const p of points) {
      const cells = bases.map((base) => {
        const d = p.differences[base];
        if (!d) return ' – | – |';
        const b = d.bootstrap;
        return (
          ` ${signed(d.mean)} (${pText(d.p)}, ${d.sign.positive}/${d.sign.n}) |` +
          ` ${signed(b.mean)} [${f(b.lo)}, ${f(b.hi)}]${b.significant ? ' *' : ''} |`
        );
      });
      lines.push(
        `| ${arm} | ${p.coef}${p.chosen ? ' **' : ''} | ${pm(p.kl)} | ${pm(p.validation)} | ${pm(p.test)} |${cells.join('')}`,
      );
    }
  lines.push('');
  return lines;
}
