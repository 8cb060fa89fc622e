import { CliContribution, CliIo, Evaluator } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

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
    const { runSft } = await import('./run-sft.js');
    await runSft({ setup: this.setup, evaluator: this.evaluator, io: this.io }, flags);
  }
}
