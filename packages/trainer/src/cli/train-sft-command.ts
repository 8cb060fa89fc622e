import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliContribution, CliIo, Evaluator } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import { PopularityRecommender } from '../baselines/popularity-recommender.js';
import { TransitionRecommender } from '../baselines/transition-recommender.js';
import type { DataConfig } from '../config/data-config.js';
import { compareRecommenders } from '../evaluation/comparison.js';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import type { SftConfig } from '../sft/sft-config.js';
import { SftTrainer } from '../sft/sft-trainer.js';
import { formatComparison } from './report-format.js';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

interface SftRunConfig {
  data: DataConfig;
  model: TransformerConfig;
  sft: SftConfig;
}

/**
 * `blade train sft --config <file>`: supervised fine-tuning, then the trained policy, popularity and
 * the item-transition baseline evaluated on the test split through the same code, with paired
 * bootstrap intervals of the differences. Writes `model.bct`, `checkpoint.bct`, `metrics.jsonl`
 * and `summary.json` into the run directory.
 */
@injectable()
export class TrainSftCommand implements CliContribution {
  constructor(
    @inject(RunSetup) private readonly setup: RunSetup,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    addTrainFlags(trainCommandGroup(program).command('sft').description('supervised fine-tuning of the list policy (next-item cross-entropy), then a test-split comparison with popularity and item-transition baselines'), 'runs/sft')
      .action((flags: TrainFlags) => this.run(flags));
  }

  async run(flags: TrainFlags): Promise<void> {
    const run = await this.setup.prepare<SftRunConfig>(flags, 'sft', ['data', 'model', 'sft']);
    const { config } = run;
    const { dataset, sftTrain } = run.data;
    const result = await new SftTrainer({ config: config.sft, model: config.model, dataset, train: sftTrain, evaluator: this.evaluator, runDir: run.runDir, resume: flags.resume, callbacks: run.callbacks }).train();
    const numItems = dataset.catalog.size;
    const comparison = await compareRecommenders(
      [new PolicyRecommender(result.policy, config.sft.beamWidth), new PopularityRecommender(numItems, sftTrain), new TransitionRecommender(numItems, sftTrain)],
      dataset.splits.test,
      { evaluator: this.evaluator, metrics: config.sft.metrics, k: config.sft.k, items: dataset.catalog.itemSide(), excludeHistory: config.sft.excludeHistory, contextLength: config.model.context },
    );
    const summary = { algorithm: 'sft', dataset: dataset.name, steps: result.steps, bestStep: result.bestStep, stoppedEarly: result.stoppedEarly, validation: result.best?.values, test: comparison };
    writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    if (flags.json) this.io.out(JSON.stringify({ summary }) + '\n');
    else this.io.out(`test split of ${dataset.name}:\n${formatComparison(comparison, config.sft.metrics)}run directory: ${run.runDir}\n`);
  }
}
