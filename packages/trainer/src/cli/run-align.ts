import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AlignmentComponents,
  BladeUserError,
  type CliIo,
  type ComposedObjective,
  type Evaluator,
  type LoadedPlugins,
  type ObjectiveConfig,
  type ObjectiveFactory,
} from '@bladerec/core';
import type { AlignConfig, Algorithm } from '../align/align-config.js';
import { withPreset } from '../align/algorithm-presets.js';
import { AlignmentTrainer } from '../align/alignment-trainer.js';
import { comparePolicies } from '../align/compare-policies.js';
import { evaluatePolicy } from '../align/evaluate-policy.js';
import { CACHE_DIR_ENV } from '../cache/cache-env.js';
import { ResultCache } from '../cache/result-cache.js';
import { loadModel } from '../checkpoint/model-file.js';
import type { DataConfig } from '../config/data-config.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import { formatComparison, perUserScores } from './report-format.js';
import { checkInit } from './check-init.js';
import { resolveInit } from './resolve-init.js';
import type { RunSetup } from './run-setup.js';
import type { TrainFlags } from './train-command-group.js';

interface AlignRunConfig {
  data: DataConfig;
  model?: TransformerConfig;
  objective: ObjectiveConfig;
  align: AlignConfig;
}

/** What an alignment run needs from the container. */
export interface AlignDeps {
  readonly setup: RunSetup;
  readonly evaluator: Evaluator;
  readonly objectives: ObjectiveFactory;
  readonly components: AlignmentComponents;
  readonly io: CliIo;
  /** The plugins the container loaded (those loaded from disk are part of the result cache's code fingerprint). */
  readonly plugins?: LoadedPlugins;
}

/** The body of `blade train <algorithm>` (loaded on demand, so that other commands start without TensorFlow.js). */
export async function runAlign(
  deps: AlignDeps,
  algorithm: Algorithm,
  flags: TrainFlags & { init?: string; cache?: string },
): Promise<void> {
  const { setup, evaluator, objectives, components, io } = deps;
  let initPath = '';
  let objective!: ComposedObjective;
  const run = await setup.prepare<AlignRunConfig>(
    flags,
    algorithm,
    ['data', 'align'],
    (doc) => {
      const align = (doc['align'] ?? {}) as Record<string, unknown>;
      if (align['algorithm'] !== undefined && align['algorithm'] !== algorithm) {
        throw new BladeUserError(
          `the config's align.algorithm is '${String(align['algorithm'])}' but the command is 'blade train ${algorithm}'`,
        );
      }
      doc['align'] = withPreset(algorithm, align);
      doc['objective'] ??= { terms: ['ndcg@10'] };
    },
    (config, configDir) => {
      initPath = resolveInit(flags.init, config.align.init, io.cwd, configDir);
      checkInit(initPath, config, io);
      objective = objectives.create(config.objective, { path: 'objective' }); // before the backend loads
    },
  );
  if (!run) return; // --dry-run
  const { config, data } = run;
  const { model: init } = loadModel(initPath);
  if (init.numItems !== data.dataset.catalog.size)
    throw new BladeUserError(
      `the model has ${init.numItems} items but the data set ${data.dataset.catalog.size}: align with the data set the model was trained on`,
      { file: initPath },
    );
  // --cache, else BLADE_CACHE_DIR: the reference-only computations are stored and reused (docs/training.md)
  const cacheDir = flags.cache ?? io.env[CACHE_DIR_ENV];
  const pluginFiles = (deps.plugins?.plugins ?? []).flatMap((p) =>
    p.url?.startsWith('file:') ? [fileURLToPath(p.url)] : [],
  );
  const cache = cacheDir
    ? new ResultCache({
        dir: resolve(io.cwd, cacheDir),
        objective: config.objective,
        log: (line) => io.err(line + '\n'),
        pluginFiles,
      })
    : undefined;
  const result = await new AlignmentTrainer({
    config: config.align,
    objective,
    data,
    init,
    evaluator,
    components,
    runDir: run.runDir,
    resume: flags.resume,
    callbacks: run.callbacks,
    cache,
  }).train();
  const test = data.dataset.splits.test;
  const items = data.dataset.catalog.itemSide();
  const { metrics, metricOptions, listLength: k, excludeHistory, evalSamples: samples, seed } = config.align;
  const evalOptions = {
    evaluator,
    metrics,
    metricOptions,
    objective,
    k,
    items,
    excludeHistory,
    samples,
    contextLength: init.config.context,
    seed,
  };
  // the SFT policy's test evaluation: the same every run from this model, data and seed (its own generator)
  const sft =
    cache &&
    (await cache.memoFrom(
      init,
      items,
      'sft-test-evaluation',
      {
        examples: cache.digest(test),
        options: { metrics, metricOptions, k, excludeHistory, samples, contextLength: init.config.context, seed },
      },
      () => evaluatePolicy(result.reference, test, evalOptions),
    ));
  const comparison = await comparePolicies(
    [
      { name: algorithm, policy: result.policy },
      { name: 'sft', policy: result.reference, evaluation: sft },
    ],
    test,
    evalOptions,
  );
  if (cache) io.err(`cache: ${cache.counts.hits} hit(s), ${cache.counts.misses} miss(es) in ${cache.dir}\n`);
  const { evaluations, ...testResult } = comparison;
  const summary = {
    algorithm,
    dataset: data.dataset.name,
    objective: objective.meta.name,
    steps: result.steps,
    bestStep: result.bestStep,
    rollouts: result.rollouts,
    test: testResult,
  };
  writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(run.runDir, 'test-scores.json'), JSON.stringify(perUserScores(evaluations)) + '\n');
  if (flags.json) io.out(JSON.stringify({ summary }) + '\n');
  else {
    io.out(
      `test split of ${data.dataset.name}, one sampled list per user (mean of ${config.align.evalSamples}):\n${formatComparison(testResult.sampled, config.align.metrics)}`,
    );
    io.out(
      `greedy top-${config.align.listLength}:\n${formatComparison(testResult.greedy, config.align.metrics)}run directory: ${run.runDir}\n`,
    );
  }
}
