#!/usr/bin/env node
/**
 * The BLADE vs Best-of-N study (`pnpm exp:study`): per data set, one SFT per seed; a sweep of every
 * trained arm over the KL grid on the sweep seeds (validation only picks each arm's coefficient);
 * the chosen coefficient and Best-of-n at inference on the final seeds; a report with seed-level
 * t and sign tests, the user-level paired bootstrap, the KL frontier and the compute spent.
 * Everything it runs is declared in experiments/study.yaml (docs/study.md).
 *
 * Runs go through the `blade` CLI (`--jobs n` at a time; tfjs on wasm uses one core per process) into
 * experiments/runs/<profile runsDir>/<dataset>/…; each finished run also leaves a compact record
 * (study/records.mjs) under the profile's `records` folder — committed for the shared profiles, so a
 * study larger than one working session progresses across sessions. A run with a current record or a
 * finished folder of the same config is skipped, one with a checkpoint resumes (`--resume`), a folder
 * of another config is moved aside. Each folder keeps config.json, hash.txt, command.txt, timing.json.
 *
 * usage: node experiments/study.mjs [--quick | --profile <name>] [--only <dataset> [--setting <name>]]
 *        [--phase sweep|final|grid|report] [--arms <arm,…>] [--jobs <n>] [--config experiments/study.yaml]
 * Without --phase the sweep, final and report phases run in order. `--phase grid` (a sensitivity analysis, never
 * part of the selection) runs the arms of `--arms` (default: every trained arm) at every grid coefficient on every
 * final seed; the report adds their table once an arm has every (coefficient, seed).
 * Reads BLADE_DATA_DIR (default ../shared/data).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  planFinal,
  planGrid,
  planSft,
  planSweep,
  resolveStudy,
  runState,
  selectCoefficients,
  selectOf,
  settingsOf,
  trainedArms,
} from './study/plan.mjs';
import { aggregateDataset, renderDataset, runResult } from './study/report.mjs';
import { makeRecord, recordState, runHash } from './study/records.mjs';
import { renderSummary, summaryRows } from './study/summary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const exec = promisify(execFile);

const USAGE =
  'usage: node experiments/study.mjs [--quick | --profile <name>] [--only <dataset>] ' +
  '[--setting <name>] [--phase sweep|final|grid|report] [--arms <arm,…>] [--jobs <n>] [--config <study.yaml>]';
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
  if (
    a.startsWith('--') &&
    !['--quick', '--profile', '--only', '--setting', '--phase', '--arms', '--config', '--jobs'].includes(a)
  )
    exit(`unknown option ${a}`);

const configFile = resolve(flag('config') ?? join(root, 'experiments/study.yaml'));
const profileName = args.includes('--quick') ? 'quick' : (flag('profile') ?? 'full');
const phase = flag('phase');
if (phase !== undefined && !['sweep', 'final', 'grid', 'report'].includes(phase))
  exit(`--phase must be sweep, final, grid or report, got '${phase}'`);
if (flag('arms') !== undefined && phase !== 'grid') exit('--arms goes with --phase grid');
let study;
try {
  study = resolveStudy(parse(readFileSync(configFile, 'utf8')), profileName);
} catch (error) {
  exit(`${relative(root, configFile)}: ${error.message}`);
}
const settingFlag = flag('setting');
const gridArms = flag('arms')?.split(',') ?? trainedArms(study);
for (const arm of gridArms)
  if (!trainedArms(study).includes(arm))
    exit(`--arms: '${arm}' is not a trained arm (have ${trainedArms(study).join(', ')})`);
const jobs = Number(flag('jobs') ?? 1);
if (!Number.isInteger(jobs) || jobs < 1) exit(`--jobs must be a positive integer, got '${flag('jobs')}'`);
const only = flag('only');
if (only !== undefined && !(only in study.datasets))
  exit(`--only: unknown data set '${only}' (have ${Object.keys(study.datasets).join(', ')})`);
if (settingFlag !== undefined) {
  if (only === undefined) exit('--setting needs --only <dataset>');
  const have = settingsOf(study, only);
  if (!have.includes(settingFlag))
    exit(`--setting: '${settingFlag}' is not a setting of ${only} in profile ${profileName} (have ${have.join(', ')})`);
}
const datasets = only ? [only] : Object.keys(study.datasets);
const dataDir = resolve(process.env.BLADE_DATA_DIR ?? join(root, '..', 'shared', 'data'));
const runsRoot = join(root, 'experiments/runs', study.profile.runsDir);
const resultsDir = join(root, study.profile.results ?? 'experiments/results');
// committed compact records (records.mjs); a profile without `records` keeps them with its runs
const recordsRoot = join(root, study.profile.records ?? join('experiments/runs', study.profile.runsDir, 'records'));
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

const recordFile = (run) => join(recordsRoot, `${run.id}.json`);
const readRecord = (run) => (existsSync(recordFile(run)) ? readJson(recordFile(run)) : undefined);

/**
 * Whether a run folder was made for this run: its `hash.txt` (written when the run starts) matches
 * the planned run's hash. A folder from an older config is moved aside (`<dir>.stale-<time>`, nothing
 * is deleted) so that it is neither skipped as done nor resumed.
 */
function folderState(run) {
  const dir = join(runsRoot, run.dir);
  if (!existsSync(dir)) return 'start';
  const hashFile = join(dir, 'hash.txt');
  const hash = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : undefined;
  if (hash !== runHash(run)) {
    const aside = `${dir}.stale-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, aside);
    process.stderr.write(
      `stale  ${run.id}: its folder was made by another config; moved to ${relative(root, aside)}\n`,
    );
    return 'start';
  }
  return runState((f) => existsSync(join(dir, f)));
}

/** SFT runs by folder, so that two alignment runs needing one SFT policy train it once. */
const sftRuns = new Map();
const sftDone = new Map();
/** Trains (or finds) the SFT policy an alignment run starts from. */
function ensureSft(run) {
  const sft = sftRuns.get(run.init.replace(/\/model\.bct$/, ''));
  if (!sft) throw new Error(`${run.id}: no planned SFT run for ${run.init}`);
  if (!sftDone.has(sft.dir)) sftDone.set(sft.dir, execute(sft));
  return sftDone.get(sft.dir);
}

/**
 * Runs one planned run through the CLI unless it is done: a current committed record, or a folder
 * of the same config with summary.json (then its record is written). An SFT run is done only when
 * its folder is (the aligned runs need its model); a run with a checkpoint resumes. Records wall time.
 */
async function execute(run) {
  if (run.phase !== 'sft' && recordState(readRecord(run), run) === 'current') return;
  if (run.phase !== 'sft') await ensureSft(run);
  const dir = join(runsRoot, run.dir);
  const state = folderState(run);
  if (state === 'done') {
    if (recordState(readRecord(run), run) !== 'current') writeRecord(run, resultFromFolder(run));
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hash.txt'), `${runHash(run)}\n`);
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
      // reference-only computations (the M reference rollouts, the ceiling sample, the SFT test evaluation) are the
      // same for every arm and coefficient of a seed: the result cache computes them once (outputs bit-identical)
      env: { ...process.env, CI: 'true', BLADE_CACHE_DIR: process.env['BLADE_CACHE_DIR'] ?? join(runsRoot, '.cache') },
    });
  } catch (error) {
    writeFileSync(join(dir, 'error.txt'), `${error.stderr ?? ''}\n${error.message}\n`);
    throw new Error(
      `${run.id}: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(-2)
        .join(' ')}`,
      { cause: error },
    );
  } finally {
    const wallSeconds = before.wallSeconds + (Date.now() - t0) / 1000;
    writeFileSync(timingFile, JSON.stringify({ wallSeconds, attempts: before.attempts + 1 }) + '\n');
  }
  writeRecord(run, resultFromFolder(run));
  process.stderr.write(`done   ${run.id} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

/** Runs planned runs `jobs` at a time (each CLI process uses one core); stops at the first failure. */
async function executeAll(runs) {
  const queue = [...runs];
  let failure;
  const worker = async () => {
    while (queue.length && !failure) {
      const run = queue.shift();
      try {
        await execute(run);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, runs.length) }, worker));
  if (failure) throw failure;
}

function writeRecord(run, result) {
  const file = recordFile(run);
  mkdirSync(dirname(file), { recursive: true });
  // per-user scores of the selection metrics only (the study's and the setting's): the report's user bootstrap
  // needs no other
  const setting = run.setting === undefined ? study.select : selectOf(study, run.dataset, run.setting);
  const kept = new Set([study.select, setting]);
  writeFileSync(file, JSON.stringify(makeRecord(run, result, [...kept])) + '\n');
}

/** A finished run's numbers from its folder (runResult over its files). */
function resultFromFolder(run) {
  const dir = join(runsRoot, run.dir);
  if (!existsSync(join(dir, 'summary.json'))) throw new Error(`${run.id} has not finished: run its phase first`);
  return runResult(study, run, {
    summary: readJson(join(dir, 'summary.json')),
    records: readLines(join(dir, 'metrics.jsonl')),
    scores: existsSync(join(dir, 'test-scores.json')) ? readJson(join(dir, 'test-scores.json')) : {},
    timing: existsSync(join(dir, 'timing.json')) ? readJson(join(dir, 'timing.json')) : undefined,
  });
}

/** A finished run's numbers: its current committed record, else its folder (and the record is written). */
function resultOf(run) {
  const record = readRecord(run);
  if (recordState(record, run) === 'current') return record.result;
  if (folderState(run) !== 'done') throw new Error(`${run.id} has not finished: run its phase first`);
  const result = resultFromFolder(run);
  writeRecord(run, result);
  return result;
}

const started = Date.now();
try {
  for (const dataset of datasets) await runDataset(dataset);
  if (phase === undefined || phase === 'report') writeSummary();
} catch (error) {
  console.error(`study: ${error.message}`);
  process.exit(1);
}
process.stderr.write(`study (${profileName}) finished in ${((Date.now() - started) / 60000).toFixed(1)} min\n`);

/** `<results>/summary.md`: one row per reported setting of every data set with a report file (summary.mjs). */
function writeSummary() {
  const files = Object.keys(study.datasets)
    .map((d) => join(resultsDir, `study-${d}.json`))
    .filter((file) => existsSync(file));
  if (files.length === 0) return;
  const profileFlag = profileName === 'full' ? '' : `--profile ${profileName} `;
  const markdown = renderSummary(summaryRows(files.map(readJson)), {
    command: `node experiments/study.mjs ${profileFlag}--phase report`,
  });
  writeFileSync(join(resultsDir, 'summary.md'), markdown);
  process.stderr.write(`summary: ${relative(root, join(resultsDir, 'summary.md'))}\n`);
}

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
  for (const run of sft) sftRuns.set(run.dir, run);
  const settings = settingsOf(study, dataset);
  const running = settingFlag ? [settingFlag] : settings;
  // one setting at a time: a setting's coefficients come from its own sweep only
  const ofSetting = (setting) => ({
    ...study,
    profile: { ...study.profile, settings: { ...(study.profile.settings ?? {}), [dataset]: [setting] } },
  });
  const selectionOf = (setting) =>
    selectCoefficients(
      study,
      sweep.filter((r) => r.setting === setting).map((r) => ({ ...r, validation: resultOf(r).validation })),
    );
  const finalOf = (setting, chosen) => planFinal(ofSetting(setting), dataset, inputs, chosen);
  if (phase === undefined || phase === 'sweep') await executeAll(sweep.filter((r) => running.includes(r.setting)));
  if (phase === undefined || phase === 'final')
    for (const setting of running) await executeAll(finalOf(setting, selectionOf(setting)));
  // the grid phase trains what the sweep and final phases did not: every (coefficient, final seed) of the arms
  if (phase === 'grid')
    await executeAll(planGrid(study, dataset, inputs, gridArms).filter((r) => running.includes(r.setting)));
  if (phase === undefined || phase === 'report') {
    // a setting is reported once all its runs have finished; the others are listed with their progress
    const finished = (r) => recordState(readRecord(r), r) === 'current' || folderState(r) === 'done';
    const chosen = {};
    const done = [];
    const pending = [];
    for (const setting of settings) {
      const sw = sweep.filter((r) => r.setting === setting);
      const swDone = sw.filter(finished).length;
      if (swDone < sw.length) {
        pending.push(`${setting} (sweep: ${swDone} of ${sw.length} runs)`);
        continue;
      }
      Object.assign(chosen, selectionOf(setting));
      const fin = finalOf(setting, chosen);
      const finDone = fin.filter(finished).length;
      if (finDone < fin.length) {
        pending.push(`${setting} (sweep done; final: ${finDone} of ${fin.length} runs)`);
        continue;
      }
      done.push(...sw, ...fin);
    }
    if (done.length === 0) {
      process.stderr.write(`${dataset}: nothing to report yet — ${pending.join('; ')}\n`);
      return;
    }
    const usedSft = sft.filter((r) => finished(r));
    // grid runs that are not sweep or final runs (the same folder is one run), for the sensitivity table
    const reported = new Set(done.map((r) => r.id));
    const reportedSettings = new Set(done.map((r) => r.setting));
    const grid = planGrid(study, dataset, inputs, trainedArms(study)).filter(
      (r) => reportedSettings.has(r.setting) && !reported.has(r.id) && finished(r),
    );
    const runs = [...usedSft, ...done, ...grid].map((r) => ({ ...r, result: resultOf(r) }));
    const report = aggregateDataset(study, dataset, runs, chosen);
    report.pending = pending;
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
