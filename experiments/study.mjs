#!/usr/bin/env node
/**
 * The BLADE vs Best-of-N study (`pnpm exp:study`): per data set, one SFT per seed; a sweep of every
 * trained arm over the KL grid on the sweep seeds (validation only picks each arm's coefficient);
 * the chosen coefficient and Best-of-n at inference on the final seeds; a report with seed-level
 * t and sign tests, the user-level paired bootstrap, the KL frontier and the compute spent.
 * Everything it runs is declared in experiments/study.yaml (docs/study.md).
 *
 * Runs go through the `blade` CLI one at a time (tfjs on wasm uses one core; the second is left to
 * the machine) into experiments/runs/<profile runsDir>/<dataset>/…; a folder with summary.json is
 * skipped, one with a checkpoint resumes (`--resume`), so an interrupted study continues where it
 * stopped. Each folder keeps config.json, command.txt and timing.json (wall seconds over attempts).
 *
 * usage: node experiments/study.mjs [--quick | --profile <name>] [--only <dataset>] [--phase sweep|final|report]
 *        [--config experiments/study.yaml]
 * Without --phase every phase runs in order. Reads BLADE_DATA_DIR (default ../shared/data).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  planFinal,
  planSft,
  planSweep,
  resolveStudy,
  runState,
  selectCoefficients,
  settingsOf,
} from './study/plan.mjs';
import { aggregateDataset, renderDataset, runResult } from './study/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const exec = promisify(execFile);

const USAGE =
  'usage: node experiments/study.mjs [--quick | --profile <name>] [--only <dataset>] ' +
  '[--phase sweep|final|report] [--config <study.yaml>]';
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  if (i + 1 >= args.length || args[i + 1].startsWith('--')) exit(`--${name} needs a value`);
  return args[i + 1];
};
function exit(message) {
  console.error(`study: ${message}\n${USAGE}`);
  process.exit(1);
}
for (const a of args)
  if (a.startsWith('--') && !['--quick', '--profile', '--only', '--phase', '--config'].includes(a))
    exit(`unknown option ${a}`);

const configFile = resolve(flag('config') ?? join(root, 'experiments/study.yaml'));
const profileName = args.includes('--quick') ? 'quick' : (flag('profile') ?? 'full');
const phase = flag('phase');
if (phase !== undefined && !['sweep', 'final', 'report'].includes(phase))
  exit(`--phase must be sweep, final or report, got '${phase}'`);
let study;
try {
  study = resolveStudy(parse(readFileSync(configFile, 'utf8')), profileName);
} catch (error) {
  exit(`${relative(root, configFile)}: ${error.message}`);
}
const only = flag('only');
if (only !== undefined && !(only in study.datasets))
  exit(`--only: unknown data set '${only}' (have ${Object.keys(study.datasets).join(', ')})`);
const datasets = only ? [only] : Object.keys(study.datasets);
const dataDir = resolve(process.env.BLADE_DATA_DIR ?? join(root, '..', 'shared', 'data'));
const runsRoot = join(root, 'experiments/runs', study.profile.runsDir);
const resultsDir = join(root, study.profile.results ?? 'experiments/results');
const blade = join(root, 'packages/cli/dist/bin/blade.js');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const readLines = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** Runs one planned run through the CLI unless its folder says it is done; records wall time. */
async function execute(run) {
  const dir = join(runsRoot, run.dir);
  const state = runState((f) => existsSync(join(dir, f)));
  if (state === 'done') return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(run.config, null, 2) + '\n');
  const argv = [
    blade,
    ...run.command,
    ...(run.init ? ['--init', join(runsRoot, run.init)] : []),
    '--config',
    join(dir, 'config.json'),
    '--out',
    dir,
    '--json',
  ];
  writeFileSync(join(dir, 'command.txt'), `node ${argv.map((a) => relative(root, a) || a).join(' ')}\n`);
  const timingFile = join(dir, 'timing.json');
  const before = existsSync(timingFile) ? readJson(timingFile) : { wallSeconds: 0, attempts: 0 };
  process.stderr.write(`${state === 'resume' ? 'resume' : 'start '} ${run.id}\n`);
  const t0 = Date.now();
  try {
    await exec(process.execPath, [...argv, ...(state === 'resume' ? ['--resume'] : [])], {
      cwd: root,
      maxBuffer: 1 << 28,
      env: { ...process.env, CI: 'true' },
    });
  } catch (error) {
    writeFileSync(join(dir, 'error.txt'), `${error.stderr ?? ''}\n${error.message}\n`);
    throw new Error(
      `${run.id}: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(-2)
        .join(' ')}`,
    );
  } finally {
    const wallSeconds = before.wallSeconds + (Date.now() - t0) / 1000;
    writeFileSync(timingFile, JSON.stringify({ wallSeconds, attempts: before.attempts + 1 }) + '\n');
  }
  process.stderr.write(`done   ${run.id} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

/** A finished run's numbers (runResult over its files). */
function resultOf(run) {
  const dir = join(runsRoot, run.dir);
  if (!existsSync(join(dir, 'summary.json'))) throw new Error(`${run.id} has not finished: run its phase first`);
  return runResult(study, run, {
    summary: readJson(join(dir, 'summary.json')),
    records: readLines(join(dir, 'metrics.jsonl')),
    scores: existsSync(join(dir, 'test-scores.json')) ? readJson(join(dir, 'test-scores.json')) : {},
    timing: existsSync(join(dir, 'timing.json')) ? readJson(join(dir, 'timing.json')) : undefined,
  });
}

const started = Date.now();
try {
  for (const dataset of datasets) await runDataset(dataset);
} catch (error) {
  console.error(`study: ${error.message}`);
  process.exit(1);
}
process.stderr.write(`study (${profileName}) finished in ${((Date.now() - started) / 60000).toFixed(1)} min\n`);

/** Every requested phase of one data set. */
async function runDataset(dataset) {
  const spec = study.datasets[dataset];
  const recipe = parse(readFileSync(join(root, spec.recipe), 'utf8'));
  let dataPath;
  if (spec.folder !== undefined) {
    dataPath = join(dataDir, spec.folder);
    if (!existsSync(dataPath)) exit(`${dataPath} not found: set BLADE_DATA_DIR to the shared data folder`);
  }
  const inputs = { recipe, dataPath };
  const sft = planSft(study, dataset, inputs);
  const sweep = planSweep(study, dataset, inputs);
  process.stderr.write(
    `${dataset}: settings ${settingsOf(study, dataset).join(', ')}; ${sft.length} SFT, ${sweep.length} sweep runs\n`,
  );
  if (phase === undefined || phase === 'sweep') {
    for (const run of sft) await execute(run);
    for (const run of sweep) await execute(run);
  }
  const selection = () =>
    selectCoefficients(
      study,
      sweep.map((r) => ({ ...r, validation: resultOf(r).validation })),
    );
  if (phase === undefined || phase === 'final') {
    for (const run of sft) await execute(run);
    for (const run of planFinal(study, dataset, inputs, selection())) await execute(run);
  }
  if (phase === undefined || phase === 'report') {
    const chosen = selection();
    const final = planFinal(study, dataset, inputs, chosen);
    const runs = [...sft, ...sweep, ...final].map((r) => ({ ...r, result: resultOf(r) }));
    const report = aggregateDataset(study, dataset, runs, chosen);
    const profileFlag = profileName === 'full' ? '' : `--profile ${profileName} `;
    const command = `node experiments/study.mjs ${profileFlag}--only ${dataset}`;
    const markdown = renderDataset(report, {
      command,
      note:
        'Measured on a shared 2-core machine (several jobs at once): wall times are upper bounds. ' +
        `KL coefficient key: align.${study.klPath}.`,
    });
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `study-${dataset}.md`), markdown);
    writeFileSync(
      join(resultsDir, `study-${dataset}.json`),
      JSON.stringify({ ...report, selection: chosen }, null, 2) + '\n',
    );
    process.stdout.write(markdown + '\n');
  }
}
