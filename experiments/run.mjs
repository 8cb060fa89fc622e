#!/usr/bin/env node
/**
 * Real-data experiments (`pnpm exp:goodreads`, `pnpm exp:video-games`): SFT, then from each SFT
 * policy Best-of-N at inference, vBoN, BOND, GRPO and BLADE with the same budget of policy samples,
 * for several seeds and two objectives (NDCG@10 alone, and NDCG@10 + ILD + exposure fairness).
 * Every run goes through the `blade` CLI and keeps its directory (config.json, metrics.jsonl,
 * summary.json, test-scores.json) under experiments/runs/<dataset>/; finished runs are skipped, so an
 * interrupted experiment continues where it stopped. The report (mean ± sd over seeds, paired
 * bootstrap intervals over test users, diagnostics) goes to experiments/results/<dataset>.{md,json}
 * and into docs/results-archive.md between its markers (the runs before the matched-KL study).
 *
 * usage: node experiments/run.mjs <synthetic|goodreads|video-games> [--seeds 1,2,3] [--steps 200] [--jobs 2]
 *        [--keep-best] [--report-only]
 * --keep-best adds a third set of runs: the NDCG@10 objective with `align.keepBest` (best validation checkpoint).
 * Reads BLADE_DATA_DIR (default ../shared/data).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const { pairedBootstrap } = await import(join(root, 'packages/trainer/dist/index.js'));

const args = process.argv.slice(2);
const dataset = args[0];
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const seeds = flag('seeds', '1,2,3').split(',').map(Number);
const steps = Number(flag('steps', '200'));
const jobs = Number(flag('jobs', '2'));
// kernel threads per run: the cores shared among the jobs (each run's kernel pool would otherwise start one thread
// per core, and jobs × cores threads on the cores cost more CPU per step; docs/performance.md, the alignment step)
const kernelThreads =
  process.env.BLADE_KERNEL_THREADS ?? String(Math.max(1, Math.floor(availableParallelism() / jobs)));
const reportOnly = args.includes('--report-only');
const keepBest = args.includes('--keep-best');
const dataDir = resolve(process.env.BLADE_DATA_DIR ?? join(root, '..', 'shared', 'data'));

const DATASETS = {
  synthetic: {
    folder: undefined,
    fairness: { reward: 'exposure-gap', weight: 0.1, options: { k: 10, attribute: 'category', reference: 'history' } },
    metrics: ['ndcg@10', 'recall@10', 'ild@10', 'mgu@10', 'dgu@10'],
    // the policy passes its reference here: few cached reference rollouts, a longer budget
    align: { referenceRollouts: 4, steps: 400 },
  },
  goodreads: {
    folder: 'goodreads',
    fairness: { reward: 'exposure-gap', weight: 0.1, options: { k: 10, attribute: 'category', reference: 'history' } },
    metrics: ['ndcg@10', 'recall@10', 'ild@10', 'mgu@10', 'dgu@10'],
  },
  'video-games': {
    folder: 'amazon-video-games',
    fairness: { reward: 'exposure-gap', weight: 0.1, options: { k: 10, attribute: 'group', reference: 'catalog' } },
    metrics: ['ndcg@10', 'recall@10', 'ild@10', 'mgu@10', 'dgu@10'],
    // no genres: MGU/DGU over the popularity groups, as Flower reports them
    metricOptions: { 'mgu@10': { attribute: 'group' }, 'dgu@10': { attribute: 'group' } },
  },
};
const spec = DATASETS[dataset];
if (!spec) {
  console.error(
    `usage: node experiments/run.mjs <${Object.keys(DATASETS).join('|')}> [--seeds 1,2,3] [--steps 200] [--jobs 2] [--keep-best] [--report-only]`,
  );
  process.exit(2);
}
if (spec.folder !== undefined && !existsSync(join(dataDir, spec.folder))) {
  console.error(`${join(dataDir, spec.folder)} not found: set BLADE_DATA_DIR to the shared data folder`);
  process.exit(1);
}

const NDCG = { terms: ['ndcg@10'] };
/** Sets of runs: an objective and alignment settings; the key names the run folder. */
const VARIANTS = {
  ndcg: { title: 'NDCG@10', objective: NDCG, align: {} },
  composite: {
    title: 'NDCG@10 + 0.1·ILD@10 − 0.1·exposure gap',
    objective: { terms: ['ndcg@10', { reward: 'ild', weight: 0.1, options: { k: 10 } }, spec.fairness] },
    align: {},
  },
  ...(keepBest
    ? {
        'ndcg-keep-best': {
          title: 'NDCG@10, keeping the best validation checkpoint (`align.keepBest`)',
          objective: NDCG,
          align: { keepBest: true },
        },
      }
    : {}),
};
const ALGORITHMS = ['vbon', 'bond', 'grpo', 'blade'];
const ALIGN = {
  steps,
  contextsPerStep: 32,
  groupSize: 8,
  listLength: 10,
  referenceRollouts: 32,
  learningRate: 0.0002,
  evalEvery: 50,
  evalExamples: 500,
  evalSamples: 4,
  checkpointEvery: 50,
  ...spec.align,
};
if (flag('steps', undefined) !== undefined) ALIGN.steps = steps;

const baseFile = join(root, 'experiments/configs', `${dataset}.yaml`);
const base = parse(readFileSync(baseFile, 'utf8'));
if (spec.folder !== undefined) base.data.path = join(dataDir, spec.folder);
const runsDir = join(root, 'experiments/runs', dataset);
const blade = join(root, 'packages/cli/dist/bin/blade.js');

/** Runs `blade <args>` with a config written into the run directory, unless the run finished before. */
async function bladeRun(dir, config, argv) {
  if (existsSync(join(dir, 'summary.json'))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  const command = [blade, ...argv, '--config', join(dir, 'config.json'), '--out', dir, '--json'];
  writeFileSync(join(dir, 'command.txt'), `node ${command.map((a) => a.replace(root + '/', '')).join(' ')}\n`);
  const t0 = Date.now();
  process.stderr.write(`start ${dir.replace(root + '/', '')}\n`);
  try {
    await run(process.execPath, [...command, ...(existsSync(join(dir, 'checkpoint.bct')) ? ['--resume'] : [])], {
      cwd: root,
      maxBuffer: 1 << 28,
      env: { ...process.env, CI: 'true', BLADE_KERNEL_THREADS: kernelThreads },
    });
  } catch (error) {
    writeFileSync(join(dir, 'error.txt'), `${error.stderr ?? ''}\n${error.message}\n`);
    throw new Error(
      `${dir}: ${String(error.stderr ?? error.message)
        .split('\n')
        .slice(-3)
        .join(' ')}`,
      { cause: error },
    );
  }
  process.stderr.write(`done  ${dir.replace(root + '/', '')} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

/** Runs tasks with at most `jobs` at a time. */
async function pool(tasks) {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (queue.length) await queue.shift()();
    }),
  );
}

if (!reportOnly) {
  await pool(
    seeds.map(
      (seed) => () =>
        bladeRun(join(runsDir, `seed${seed}`, 'sft'), { ...base, sft: { ...base.sft, seed } }, ['train', 'sft']),
    ),
  );
  const tasks = [];
  for (const [objectiveName, { objective, align }] of Object.entries(VARIANTS)) {
    for (const seed of seeds) {
      const init = join(runsDir, `seed${seed}`, 'sft', 'model.bct');
      const config = {
        data: base.data,
        objective,
        align: { ...ALIGN, ...align, seed, metrics: spec.metrics, metricOptions: spec.metricOptions ?? {} },
      };
      tasks.push(() =>
        bladeRun(join(runsDir, `seed${seed}`, objectiveName, 'bon'), config, [
          'train',
          'bon',
          '--init',
          init,
          '--n',
          '8',
        ]),
      );
      for (const algorithm of ALGORITHMS)
        tasks.push(() =>
          bladeRun(join(runsDir, `seed${seed}`, objectiveName, algorithm), config, [
            'train',
            algorithm,
            '--init',
            init,
          ]),
        );
    }
  }
  await pool(tasks);
}

// ---------------------------------------------------------------- report
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const meanSd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, sd };
};
const fmt = ({ mean, sd }, digits = 4) => `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
const averageOverSeeds = (arrays) => arrays[0].map((_, u) => arrays.reduce((s, a) => s + a[u], 0) / arrays.length);
const ci = (a, b) => {
  const r = pairedBootstrap(a, b, { seed: 11 });
  return `${r.mean >= 0 ? '+' : ''}${r.mean.toFixed(4)} [${r.lo.toFixed(4)}, ${r.hi.toFixed(4)}]${r.significant ? ' *' : ''}`;
};
const DIAGNOSTICS = [
  'blade/saturation_static',
  'blade/saturation_target',
  'blade/zero_signal_groups',
  'blade/indiscrimination',
  'blade/mean_abs_advantage',
  'blade/ess_ratio',
  'kl/reference',
];
/** The records of a run's metrics.jsonl. */
const runLog = (dir) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const lastSteps = (dir, n = 20) =>
  runLog(dir)
    .filter((r) => 'train/loss' in r)
    .slice(-n);

const report = { dataset, seeds, steps, align: ALIGN, sft: {}, objectives: {} };
const lines = [];
lines.push(
  `### ${dataset}`,
  '',
  `Seeds ${seeds.join(', ')}; alignment ${ALIGN.steps} steps × ${ALIGN.contextsPerStep} contexts × N = ${ALIGN.groupSize} lists of K = ${ALIGN.listLength} (${ALIGN.steps * ALIGN.contextsPerStep * ALIGN.groupSize} policy samples per run), M = ${ALIGN.referenceRollouts} cached reference rollouts per context; Best-of-8 at inference samples 8 lists per test user. Command: \`pnpm exp:${dataset}\` (each run's exact command is in experiments/runs/${dataset}/…/command.txt).`,
  '',
);

// SFT against the baselines (issue: SFT must beat popularity and transitions)
const sftSummaries = seeds.map((s) => read(join(runsDir, `seed${s}`, 'sft', 'summary.json')));
const recs = Object.keys(sftSummaries[0].test.means);
lines.push(
  '#### SFT vs. baselines (test split, greedy top-10)',
  '',
  `| recommender | NDCG@10 | Recall@10 |`,
  '|---|---|---|',
);
for (const r of recs)
  lines.push(
    `| ${r} | ${fmt(meanSd(sftSummaries.map((x) => x.test.means[r]['ndcg@10'])))} | ${fmt(meanSd(sftSummaries.map((x) => x.test.means[r]['recall@10'])))} |`,
  );
lines.push(
  '',
  'Paired-bootstrap 95 % intervals of the differences, per seed (* = excludes 0):',
  '',
  '| seed | difference | NDCG@10 | Recall@10 |',
  '|---|---|---|---|',
);
sftSummaries.forEach((x, i) => {
  for (const [name, d] of Object.entries(x.test.differences)) {
    const f = (v) =>
      `${v.mean >= 0 ? '+' : ''}${v.mean.toFixed(4)} [${v.lo.toFixed(4)}, ${v.hi.toFixed(4)}]${v.significant ? ' *' : ''}`;
    lines.push(`| ${seeds[i]} | ${name} | ${f(d['ndcg@10'])} | ${f(d['recall@10'])} |`);
  }
});
lines.push('');
report.sft = sftSummaries.map((x) => x.test);

for (const [objectiveName, { title, align }] of Object.entries(VARIANTS)) {
  const section = {};
  const listMetrics = spec.metrics.filter((m) => !m.startsWith('mgu') && !m.startsWith('dgu'));
  lines.push(`#### objective: ${title}`, '');
  for (const evaluation of ['sampled', 'greedy']) {
    lines.push(
      `${evaluation === 'sampled' ? 'One sampled list per user (mean of 4 draws)' : 'Greedy top-10'} — mean ± sd over seeds:`,
      '',
      `| policy | ${spec.metrics.join(' | ')} |`,
      `|---|${spec.metrics.map(() => '---').join('|')}|`,
    );
    const rows = [
      ['sft', 'blade', 'sft'],
      ...(evaluation === 'sampled' ? [['bon@8 (oracle)', 'bon', 'bon@8']] : []),
      ...ALGORITHMS.map((a) => [a, a, a]),
    ];
    for (const [label, dir, key] of rows) {
      const summaries = seeds.map((s) => read(join(runsDir, `seed${s}`, objectiveName, dir, 'summary.json')));
      // a Best-of-N run reports its chosen lists in test.means; an alignment run per evaluation
      const means = (x) => (dir === 'bon' ? x.test.means[key] : x.test[evaluation].means[key]);
      lines.push(
        `| ${label} | ${spec.metrics.map((m) => fmt(meanSd(summaries.map((x) => means(x)[m])))).join(' | ')} |`,
      );
    }
    lines.push('');
    // paired bootstrap over users of seed-averaged scores
    lines.push(
      `Differences (seed-averaged per-user scores; paired bootstrap 95 %, * = excludes 0), ${evaluation}:`,
      '',
      `| difference | ${listMetrics.join(' | ')} |`,
      `|---|${listMetrics.map(() => '---').join('|')}|`,
    );
    const scores = (dir, key) =>
      seeds.map((s) => read(join(runsDir, `seed${s}`, objectiveName, dir, 'test-scores.json'))[key][evaluation]);
    const avg = (dir, key, m) => averageOverSeeds(scores(dir, key).map((x) => x[m]));
    const pairs = [
      ...ALGORITHMS.map((a) => [a, a, 'sft', 'blade', 'sft']),
      ...ALGORITHMS.filter((a) => a !== 'vbon').map((a) => [a, a, 'vbon', 'vbon', 'vbon']),
    ];
    if (evaluation === 'sampled') pairs.push(['blade', 'blade', 'bon@8', 'bon', 'bon@8']);
    for (const [a, dirA, b, dirB, keyB] of pairs) {
      lines.push(`| ${a} − ${b} | ${listMetrics.map((m) => ci(avg(dirA, a, m), avg(dirB, keyB, m))).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(
    'Diagnostics (mean over the last 20 steps; mean ± sd over seeds):',
    '',
    `| algorithm | ${DIAGNOSTICS.join(' | ')} |`,
    `|---|${DIAGNOSTICS.map(() => '---').join('|')}|`,
  );
  for (const a of ALGORITHMS) {
    const per = seeds.map((s) => lastSteps(join(runsDir, `seed${s}`, objectiveName, a)));
    const row = DIAGNOSTICS.map((k) =>
      fmt(meanSd(per.map((recs) => recs.reduce((sum, r) => sum + r[k], 0) / recs.length)), 3),
    );
    section[a] = Object.fromEntries(DIAGNOSTICS.map((k, i) => [k, row[i]]));
    lines.push(`| ${a} | ${row.join(' | ')} |`);
  }
  lines.push('');
  // the validation curve: does the test number reflect the best point of the run, or a decline after it?
  // step → value; a resumed run may log an evaluation twice, the later record wins
  const curves = ALGORITHMS.map((a) =>
    seeds.map(
      (s) =>
        new Map(
          runLog(join(runsDir, `seed${s}`, objectiveName, a))
            .filter((r) => 'eval/sampled/ndcg@10' in r)
            .map((r) => [r.step, r['eval/sampled/ndcg@10']]),
        ),
    ),
  );
  const evalSteps = [...curves[0][0].keys()];
  lines.push(
    `Validation NDCG@10 during alignment (one sampled list per user, ${ALIGN.evalExamples} validation users; mean over seeds):`,
    '',
    `| algorithm | ${evalSteps.map((t) => `step ${t}`).join(' | ')} |`,
    `|---|${evalSteps.map(() => '---').join('|')}|`,
  );
  section.validation = {};
  ALGORITHMS.forEach((a, i) => {
    const values = evalSteps.map((t) => curves[i].reduce((sum, curve) => sum + curve.get(t), 0) / seeds.length);
    section.validation[a] = Object.fromEntries(evalSteps.map((t, j) => [t, values[j]]));
    lines.push(`| ${a} | ${values.map((v) => v.toFixed(4)).join(' | ')} |`);
  });
  lines.push('');
  if (align.keepBest) {
    const chosen = ALGORITHMS.map(
      (a) =>
        `${a} ${seeds.map((s) => read(join(runsDir, `seed${s}`, objectiveName, a, 'summary.json')).bestStep).join(', ')}`,
    );
    section.bestSteps = chosen;
    lines.push(`Steps whose weights were kept (seeds ${seeds.join(', ')}): ${chosen.join('; ')}.`, '');
  }
  report.objectives[objectiveName] = section;
}

mkdirSync(join(root, 'experiments/results'), { recursive: true });
const markdown = lines.join('\n') + '\n';
writeFileSync(join(root, 'experiments/results', `${dataset}.md`), markdown);
writeFileSync(join(root, 'experiments/results', `${dataset}.json`), JSON.stringify(report, null, 2) + '\n');
const docs = join(root, 'docs/results-archive.md');
if (existsSync(docs)) {
  const text = readFileSync(docs, 'utf8');
  const begin = `<!-- results:${dataset}:begin -->`;
  const end = `<!-- results:${dataset}:end -->`;
  if (text.includes(begin) && text.includes(end)) {
    writeFileSync(
      docs,
      text.slice(0, text.indexOf(begin) + begin.length) + '\n' + markdown + text.slice(text.indexOf(end)),
    );
  }
}
process.stdout.write(markdown);
