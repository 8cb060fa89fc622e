import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo, Evaluator } from '@bladerec/core';
import { sftBaselines } from '../baselines/sft-baselines.js';
import type { DataConfig } from '../config/data-config.js';
import { compareRecommenders } from '../evaluation/comparison.js';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import type { SftConfig } from '../sft/sft-config.js';
import { SftTrainer } from '../sft/sft-trainer.js';
import { formatComparison } from './report-format.js';
import type { RunSetup } from './run-setup.js';
import type { TrainFlags } from './train-command-group.js';

interface SftRunConfig {
  data: DataConfig;
  model: TransformerConfig;
  sft: SftConfig;
}

/** The body of `blade train sft` (loaded on demand, so that other commands start without TensorFlow.js). */
export async function runSft(
  deps: { setup: RunSetup; evaluator: Evaluator; io: CliIo },
  flags: TrainFlags,
): Promise<void> {
  const { setup, evaluator, io } = deps;
  const run = await setup.prepare<SftRunConfig>(flags, 'sft', ['data', 'model', 'sft']);
  if (!run) return; // --dry-run
  const { config } = run;
  const { dataset, sftTrain } = run.data;
  const result = await new SftTrainer({
    config: config.sft,
    model: config.model,
    dataset,
    train: sftTrain,
    evaluator,
    runDir: run.runDir,
    resume: flags.resume,
    callbacks: run.callbacks,
    modelMeta: { alignHoldout: config.data.alignHoldout, holdoutSeed: config.data.holdoutSeed },
  }).train();
  const baselines = await sftBaselines({
    sft: config.sft,
    model: config.model,
    dataset,
    train: sftTrain,
    evaluator,
    runDir: run.runDir,
  });
  const comparison = await compareRecommenders(
    [new PolicyRecommender(result.policy, config.sft.beamWidth), ...baselines],
    dataset.splits.test,
    {
      evaluator,
      metrics: config.sft.metrics,
      metricOptions: config.sft.metricOptions,
      k: config.sft.k,
      items: dataset.catalog.itemSide(),
      excludeHistory: config.sft.excludeHistory,
      contextLength: config.model.context,
    },
  );
  const summary = {
    algorithm: 'sft',
    dataset: dataset.name,
    steps: result.steps,
    bestStep: result.bestStep,
    stoppedEarly: result.stoppedEarly,
    validation: result.best?.values,
    test: comparison,
  };
  writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (flags.json) io.out(JSON.stringify({ summary }) + '\n');
  else
    io.out(
      `test split of ${dataset.name}:\n${formatComparison(comparison, config.sft.metrics)}run directory: ${run.runDir}\n`,
    );
}
