#!/usr/bin/env node
/**
 * SFT recipe selection and its test check (`pnpm exp:sft-sweep <dataset>`), for issue 16:
 *
 * 1. `blade train sft --sweep experiments/sft-grids/<grid>.yaml` over the base config
 *    experiments/configs/<dataset>.yaml into experiments/runs/sft-sweep/<grid>/ — every point chosen
 *    on validation NDCG@10 only (resumable: rerun the command after an interruption);
 * 2. the chosen recipe (recipe.json) retrained with each of --seeds (default 1,2,3; the selection
 *    itself used the base config's seed) into …/seed<N>/, test evaluated with the baselines;
 * 3. the report: the sweep table (validation) and, per seed, test NDCG@10 / Recall@10 of the policy
 *    and the baselines with paired-bootstrap intervals of policy − baseline, written to
 *    experiments/results/sft-<grid>.{md,json}.
 *
 * usage: node experiments/sft-sweep.mjs <synthetic|goodreads|video-games|movielens|movielens-10m-lists>
 *        [--grid <name>] [--config <name>] [--seeds 1,2,3] [--sasrec] [--report-only]
 * --grid picks experiments/sft-grids/<name>.yaml (default: the data set's name, e.g. goodreads-ablation).
 * --config picks the base config experiments/configs/<name>.yaml (default: the data set's name, e.g. synthetic-lags).
 * --sasrec adds the SASRec-style baseline (trained with the same budget) to the seed runs.
 * Seeds already in experiments/results/sft-<grid>.json whose runs are not in this checkout stay in the report,
 * marked as such, so that a seed can be added (--seeds 3) in another checkout.
 * Reads BLADE_DATA_DIR (default ../shared/data).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const args = process.argv.slice(2);
const dataset = args[0];
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const FOLDERS = {
  synthetic: undefined,
  goodreads: 'goodreads',
  'video-games': 'amazon-video-games',
  movielens: 'movielens-10m-lists',
  // the study's MovieLens config (experiments/configs/movielens-10m-lists.yaml: context 12, alignment hold-out 0.25)
  'movielens-10m-lists': 'movielens-10m-lists',
};
if (!(dataset in FOLDERS)) {
  console.error(
    `usage: node experiments/sft-sweep.mjs <${Object.keys(FOLDERS).join('|')}> [--grid <name>] [--seeds 1,2,3] [--sasrec] [--report-only]`,
  );
  process.exit(2);
}
const grid = flag('grid', dataset);
const configName = flag('config', dataset);
const seeds = flag('seeds', '1,2,3')
  .split(',')
  .filter((s) => s !== '')
  .map(Number);
const dataDir = resolve(process.env.BLADE_DATA_DIR ?? join(root, '..', 'shared', 'data'));
const folder = FOLDERS[dataset];
if (folder !== undefined && !existsSync(join(dataDir, folder))) {
  console.error(`${join(dataDir, folder)} not found: set BLADE_DATA_DIR to the shared data folder`);
  process.exit(1);
}
const blade = join(root, 'packages/cli/dist/bin/blade.js');
const out = join(root, 'experiments/runs/sft-sweep', grid);
const gridFile = join(root, 'experiments/sft-grids', `${grid}.yaml`);
const short = (p) => p.replace(root + '/', '');

async function blades(argv, log) {
  writeFileSync(join(log, 'command.txt'), `node ${[blade, ...argv].map(short).join(' ')}\n`);
  const t0 = Date.now();
  try {
    await run(process.execPath, [blade, ...argv, '--json'], {
      cwd: root,
      maxBuffer: 1 << 28,
      env: { ...process.env, CI: 'true' },
    });
  } catch (error) {
    writeFileSync(join(log, 'error.txt'), `${error.stderr ?? ''}\n${error.message}\n`);
    throw new Error(
      `${short(log)}: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(-2)
        .join(' ')}`,
      { cause: error },
    );
  }
  process.stderr.write(`done  ${short(log)} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

mkdirSync(out, { recursive: true });
if (!args.includes('--report-only')) {
  const base = parse(readFileSync(join(root, 'experiments/configs', `${configName}.yaml`), 'utf8'));
  if (folder !== undefined) base.data.path = join(dataDir, folder);
  writeFileSync(join(out, 'base.json'), JSON.stringify(base, null, 2) + '\n');
  process.stderr.write(`sweep ${short(gridFile)} → ${short(out)}\n`);
  await blades(['train', 'sft', '--config', join(out, 'base.json'), '--sweep', gridFile, '--out', out], out);
  const recipe = JSON.parse(readFileSync(join(out, 'recipe.json'), 'utf8'));
  for (const seed of seeds) {
    const dir = join(out, `seed${seed}`);
    if (existsSync(join(dir, 'summary.json'))) continue;
    mkdirSync(dir, { recursive: true });
    const baselines = args.includes('--sasrec') ? ['popularity', 'transition', 'sasrec'] : ['popularity', 'transition'];
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ ...recipe, sft: { ...recipe.sft, seed, baselines } }, null, 2) + '\n',
    );
    await blades(
      [
        'train',
        'sft',
        '--config',
        join(dir, 'config.json'),
        '--out',
        dir,
        ...(existsSync(join(dir, 'checkpoint.bct')) ? ['--resume'] : []),
      ],
      dir,
    );
  }
}

// ---------------------------------------------------------------- report
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const sweepMd = readFileSync(join(out, 'sweep.md'), 'utf8').replace(/^# .*\n\n/, '');
const f = (v) =>
  `${v.mean >= 0 ? '+' : ''}${v.mean.toFixed(4)} [${v.lo.toFixed(4)}, ${v.hi.toFixed(4)}]${v.significant ? ' *' : ''}`;
const lines = [
  `### SFT recipe selection: ${grid}`,
  '',
  `Command: \`pnpm exp:sft-sweep ${dataset}${grid === dataset ? '' : ` --grid ${grid}`}${configName === dataset ? '' : ` --config ${configName}`}\` (grid \`experiments/sft-grids/${grid}.yaml\`, base config \`experiments/configs/${configName}.yaml\`).`,
  '',
  '#### Selection (validation only)',
  '',
  sweepMd.trim(),
  '',
];
// seeds run elsewhere (another checkout, runs/ not kept) stay in the report from its earlier JSON, marked as such
const reportJson = join(root, 'experiments/results', `sft-${grid}.json`);
const earlier = existsSync(reportJson) ? (read(reportJson).seeds ?? {}) : {};
const here = (s) => existsSync(join(out, `seed${s}`, 'summary.json'));
const kept = Object.keys(earlier)
  .map(Number)
  .filter((s) => !here(s));
const done = [...new Set([...Object.keys(earlier).map(Number), ...seeds.filter(here)])].sort((a, b) => a - b);
const report = { dataset, grid, sweep: read(join(out, 'sweep.json')), seeds: {} };
if (done.length > 0) {
  const summaries = done.map((s) => (here(s) ? read(join(out, `seed${s}`, 'summary.json')) : { test: earlier[s] }));
  const recs = [...new Set(summaries.flatMap((x) => Object.keys(x.test.means)))];
  lines.push(
    `#### The chosen recipe on test, seeds ${done.join(', ')} (greedy top-10)`,
    '',
    `| seed | ${recs.map((r) => `${r} NDCG@10`).join(' | ')} |`,
    `|---|${recs.map(() => '---').join('|')}|`,
  );
  summaries.forEach((x, i) =>
    lines.push(`| ${done[i]} | ${recs.map((r) => x.test.means[r]?.['ndcg@10'].toFixed(4) ?? '—').join(' | ')} |`),
  );
  lines.push(
    '',
    'Paired-bootstrap 95 % intervals over test users (* = excludes 0):',
    '',
    '| seed | difference | NDCG@10 | Recall@10 |',
    '|---|---|---|---|',
  );
  summaries.forEach((x, i) => {
    for (const [name, d] of Object.entries(x.test.differences))
      lines.push(`| ${done[i]} | ${name} | ${f(d['ndcg@10'])} | ${d['recall@10'] ? f(d['recall@10']) : '—'} |`);
    report.seeds[done[i]] = x.test;
  });
  if (kept.length > 0)
    lines.push(
      '',
      `Seed${kept.length > 1 ? 's' : ''} ${kept.join(', ')}: from the earlier report (${kept.length > 1 ? 'their runs are' : 'its run is'} not in this checkout).`,
    );
  lines.push('');
}
mkdirSync(join(root, 'experiments/results'), { recursive: true });
writeFileSync(join(root, 'experiments/results', `sft-${grid}.md`), lines.join('\n') + '\n');
writeFileSync(join(root, 'experiments/results', `sft-${grid}.json`), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(lines.join('\n') + '\n');
