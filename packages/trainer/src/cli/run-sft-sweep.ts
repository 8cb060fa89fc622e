import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  BladeConfigError,
  BladeUserError,
  type CliIo,
  type ConfigSchemaService,
  type Evaluator,
  isUserError,
  readConfigFile,
} from '@bladerec/core';
import { createAjv, issuesFromAjv } from '@bladerec/core/internal';
import { PopularityRecommender } from '../baselines/popularity-recommender.js';
import { sftBaselines } from '../baselines/sft-baselines.js';
import { TransitionRecommender } from '../baselines/transition-recommender.js';
import { JsonlMetricsCallback } from '../callbacks/jsonl-metrics-callback.js';
import { loadModel } from '../checkpoint/model-file.js';
import type { DataConfig, TrainingData } from '../config/data-config.js';
import { compareRecommenders } from '../evaluation/comparison.js';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import { checkTransformerConfig, type TransformerConfig } from '../model/transformer-config.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import type { SftConfig } from '../sft/sft-config.js';
import { SftTrainer } from '../sft/sft-trainer.js';
import { applyPoint, checkGrid, gridPoints, SweepGridFile, type SweepPoint } from '../sweep/sweep-grid.js';
import { selectPoint, type SweepPointResult, sweepTable } from '../sweep/sweep-selection.js';
import { formatComparison } from './report-format.js';
import type { PreparedRun, RunSetup } from './run-setup.js';
import type { TrainFlags } from './train-command-group.js';

interface SftRunConfig {
  data: DataConfig;
  model: TransformerConfig;
  sft: SftConfig;
}

const SECTIONS = ['data', 'model', 'sft'];

/** Options of the test and reference comparisons, from a resolved config. */
function comparisonOptions(config: SftRunConfig, data: TrainingData) {
  const { sft, model } = config;
  return {
    metrics: sft.metrics,
    metricOptions: sft.metricOptions,
    k: sft.k,
    items: data.dataset.catalog.itemSide(),
    excludeHistory: sft.excludeHistory,
    contextLength: model.context,
  };
}

/** Reads and checks a grid file: shape (ajv), then paths, then every value against the config schema. */
async function readGrid(
  file: string,
  base: Record<string, unknown>,
  schemas: ConfigSchemaService,
  configFile: string,
): Promise<Record<string, unknown[]>> {
  const doc = await readConfigFile(file);
  const validate = createAjv().compile(SweepGridFile);
  if (!validate(doc)) throw new BladeConfigError(issuesFromAjv(validate.errors), { file });
  const grid = (doc as SweepGridFile).grid;
  checkGrid(grid, file);
  for (const [path, values] of Object.entries(grid)) {
    values.forEach((value, i) => {
      try {
        schemas.validate(applyPoint(base, [[path, value]]), { file: configFile });
      } catch (error) {
        if (!isUserError(error)) throw error;
        const reason = `grid value ${path}[${i}] = ${JSON.stringify(value)} is invalid: ${error.reason}`;
        throw new BladeUserError(reason, { file });
      }
    });
  }
  return grid;
}

/** Trains one point into `dir`, or reads its result when it finished before; resumes from a checkpoint. */
async function trainPoint(
  point: SweepPoint,
  config: SftRunConfig,
  dir: string,
  run: PreparedRun<SftRunConfig>,
  deps: { evaluator: Evaluator; io: CliIo },
  label: string,
): Promise<SweepPointResult> {
  const { io, evaluator } = deps;
  const done = join(dir, 'validation.json');
  const configText = JSON.stringify(config, null, 2) + '\n';
  const configPath = join(dir, 'config.json');
  if (existsSync(configPath) && readFileSync(configPath, 'utf8') !== configText) {
    const where = relative(io.cwd, dir);
    const reason =
      'was trained with a different config (base config or grid changed): ' + 'remove it or choose another --out';
    throw new BladeUserError(`${where} ${reason}`);
  }
  if (existsSync(done)) {
    io.err(`${label}: finished before, skipped\n`);
    return JSON.parse(readFileSync(done, 'utf8')) as SweepPointResult;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(configPath, configText);
  io.err(`${label}${existsSync(join(dir, 'checkpoint.bct')) ? ': resuming from its checkpoint' : ''}\n`);
  const shared = run.callbacks.filter((c) => !(c instanceof JsonlMetricsCallback));
  const result = await new SftTrainer({
    config: config.sft,
    model: config.model,
    dataset: run.data.dataset,
    train: run.data.sftTrain,
    evaluator,
    runDir: dir,
    resume: true,
    callbacks: [new JsonlMetricsCallback(join(dir, 'metrics.jsonl')), ...shared],
  }).train();
  const record: SweepPointResult = {
    name: point.name,
    assignment: Object.fromEntries(point.assignment),
    validation: result.best?.values ?? {},
    bestStep: result.bestStep,
    steps: result.steps,
    stoppedEarly: result.stoppedEarly,
  };
  result.policy.dispose();
  writeFileSync(done, JSON.stringify(record, null, 2) + '\n');
  return record;
}

/**
 * The body of `blade train sft --sweep <grid>`: trains one SFT run per grid point into
 * `<out>/points/<name>/`, selects the point with the best validation `sft.monitor`, copies its model
 * to `<out>/model.bct` with its resolved config as `<out>/recipe.json`, writes the grid table
 * (`sweep.md`, `sweep.json`), and only then evaluates the chosen policy and the baselines on the
 * test split (`summary.json`). Rerunning the command resumes: finished points are skipped, an
 * interrupted point continues from its checkpoint.
 */
export async function runSftSweep(
  deps: { setup: RunSetup; evaluator: Evaluator; io: CliIo; schemas: ConfigSchemaService },
  flags: TrainFlags & { sweep: string },
): Promise<void> {
  const { setup, evaluator, io, schemas } = deps;
  const configFile = resolve(io.cwd, flags.config);
  const gridFile = resolve(io.cwd, flags.sweep);
  const raw = await readConfigFile(configFile);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BladeUserError('the config must be a JSON/YAML object', { file: configFile });
  }
  const base: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const s of SECTIONS) base[s] ??= {};
  const grid = await readGrid(gridFile, base, schemas, configFile);
  const points = gridPoints(grid);
  // every point is validated before anything trains
  const resolved = points.map((p) => {
    const config = schemas.validate<SftRunConfig>(applyPoint(base, p.assignment), { file: configFile });
    const problems = checkTransformerConfig(config.model);
    if (problems.length > 0) {
      throw new BladeUserError(`grid point ${p.name}: model.${problems.join('; model.')}`, { file: gridFile });
    }
    return config;
  });

  const run = await setup.prepare<SftRunConfig>(flags, 'sft-sweep', SECTIONS);
  if (!run) return; // --dry-run: the base config and the data were checked and printed
  const { dataset, sftTrain } = run.data;
  const results: SweepPointResult[] = [];
  for (const [i, point] of points.entries()) {
    const label = `point ${i + 1}/${points.length} ${point.name}`;
    const dir = join(run.runDir, 'points', point.name);
    results.push(await trainPoint(point, resolved[i]!, dir, run, { evaluator, io }, label));
  }

  // selection reads validation values only; the test split is touched once, below, for the chosen point
  const monitor = resolved[0]!.sft.monitor;
  const metrics = resolved[0]!.sft.metrics;
  const chosen = selectPoint(results, monitor);
  const recipe = resolved[chosen]!;
  copyFileSync(join(run.runDir, 'points', results[chosen]!.name, 'model.bct'), join(run.runDir, 'model.bct'));
  writeFileSync(join(run.runDir, 'recipe.json'), JSON.stringify(recipe, null, 2) + '\n');
  const table = sweepTable(results, Object.keys(grid), metrics, chosen);
  // the count baselines on the same validation examples, for reference (they are not candidates)
  const valid = dataset.splits.valid.slice(0, recipe.sft.evalExamples);
  const V = dataset.catalog.size;
  const counts = [new PopularityRecommender(V, sftTrain), new TransitionRecommender(V, sftTrain)];
  const reference = await compareRecommenders(counts, valid, { evaluator, ...comparisonOptions(recipe, run.data) });
  const sweep = {
    grid: relative(run.runDir, gridFile),
    config: relative(run.runDir, configFile),
    monitor,
    selectedOn: 'validation',
    chosen: results[chosen]!.name,
    points: results,
    validationBaselines: reference.means,
  };
  writeFileSync(join(run.runDir, 'sweep.json'), JSON.stringify(sweep, null, 2) + '\n');
  const referenceLine = Object.entries(reference.means)
    .map(([name, v]) => `${name} ${metrics.map((m) => `${m} ${v[m]!.toFixed(4)}`).join(', ')}`)
    .join('; ');
  writeFileSync(
    join(run.runDir, 'sweep.md'),
    `# SFT sweep on ${dataset.name}\n\n` +
      `Selected on validation ${monitor} (first ${valid.length} validation examples); ` +
      `the test split is not read during selection.\n\n${table}\nOn the same validation examples: ${referenceLine}.\n`,
  );

  const { model } = loadModel(join(run.runDir, 'model.bct'));
  const policy = new TransformerPolicy(model);
  const baselines = await sftBaselines({
    sft: recipe.sft,
    model: recipe.model,
    dataset,
    train: sftTrain,
    evaluator,
    runDir: run.runDir,
  });
  const candidates = [new PolicyRecommender(policy, recipe.sft.beamWidth), ...baselines];
  const testOptions = { evaluator, ...comparisonOptions(recipe, run.data) };
  const comparison = await compareRecommenders(candidates, dataset.splits.test, testOptions);
  policy.dispose();
  const summary = {
    algorithm: 'sft-sweep',
    dataset: dataset.name,
    monitor,
    chosen: results[chosen],
    points: results.length,
    test: comparison,
  };
  writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (flags.json) io.out(JSON.stringify({ sweep, summary }) + '\n');
  else {
    io.out(`validation ${monitor} per grid point (chosen: ✓):\n${table}`);
    io.out(`validation, for reference: ${referenceLine}\n\ntest split of ${dataset.name}, chosen point only:\n`);
    io.out(`${formatComparison(comparison, metrics)}run directory: ${run.runDir}\n`);
  }
}
