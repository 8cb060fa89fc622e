import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AlignmentComponents, BladeUserError, type CliIo, type ComposedObjective, type Evaluator, type ObjectiveConfig, type ObjectiveFactory } from '@bladerec/core';
import type { AlignConfig, Algorithm } from '../align/align-config.js';
import { withPreset } from '../align/algorithm-presets.js';
import { AlignmentTrainer } from '../align/alignment-trainer.js';
import { comparePolicies } from '../align/compare-policies.js';
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
}

/** The body of `blade train <algorithm>` (loaded on demand, so that other commands start without TensorFlow.js). */
export async function runAlign(deps: AlignDeps, algorithm: Algorithm, flags: TrainFlags & { init?: string }): Promise<void> {
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
        throw new BladeUserError(`the config's align.algorithm is '${String(align['algorithm'])}' but the command is 'blade train ${algorithm}'`);
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
  if (init.numItems !== data.dataset.catalog.size) throw new BladeUserError(`the model has ${init.numItems} items but the data set ${data.dataset.catalog.size}: align with the data set the model was trained on`, { file: initPath });
  const result = await new AlignmentTrainer({
    config: config.align, objective, data, init, evaluator, components, runDir: run.runDir, resume: flags.resume, callbacks: run.callbacks,
  }).train();
  const comparison = await comparePolicies([{ name: algorithm, policy: result.policy }, { name: 'sft', policy: result.reference }], data.dataset.splits.test, {
    evaluator, metrics: config.align.metrics, metricOptions: config.align.metricOptions, objective, k: config.align.listLength,
    items: data.dataset.catalog.itemSide(), excludeHistory: config.align.excludeHistory,
    samples: config.align.evalSamples, contextLength: init.config.context, seed: config.align.seed,
  });
  const { evaluations, ...test } = comparison;
  const summary = { algorithm, dataset: data.dataset.name, objective: objective.meta.name, steps: result.steps, bestStep: result.bestStep, rollouts: result.rollouts, test };
  writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(run.runDir, 'test-scores.json'), JSON.stringify(perUserScores(evaluations)) + '\n');
  if (flags.json) io.out(JSON.stringify({ summary }) + '\n');
  else {
    io.out(`test split of ${data.dataset.name}, one sampled list per user (mean of ${config.align.evalSamples}):\n${formatComparison(test.sampled, config.align.metrics)}`);
    io.out(`greedy top-${config.align.listLength}:\n${formatComparison(test.greedy, config.align.metrics)}run directory: ${run.runDir}\n`);
  }
}
