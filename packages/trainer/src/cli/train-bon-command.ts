import { CliContribution, CliIo, Evaluator, ObjectiveFactory } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

/**
 * `blade train bon --config <file> --init model.bct [--n N]`: Best-of-N at inference, no training —
 * sample N lists per test user from the policy and keep the one the objective scores best; compared
 * with one sampled list and the greedy list of the same policy.
 */
@injectable()
export class TrainBonCommand implements CliContribution {
  constructor(
    @inject(RunSetup) private readonly setup: RunSetup,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(ObjectiveFactory) private readonly objectives: ObjectiveFactory,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    addTrainFlags(
      trainCommandGroup(program)
        .command('bon')
        .description(
          'Best-of-N at inference (no training): the best of N sampled lists per user under the objective — the oracle ceiling when the objective reads the ground truth',
        ),
      'runs/bon',
      { resume: false },
    )
      .option('--init <model.bct>', 'the policy to sample from (overrides align.init)')
      .option('--n <N>', 'lists sampled per user (default align.groupSize)')
      .action((flags: TrainFlags & { init?: string; n?: string }) => this.run(flags));
  }

  async run(flags: TrainFlags & { init?: string; n?: string }): Promise<void> {
    const { runBon } = await import('./run-bon.js');
    await runBon({ setup: this.setup, evaluator: this.evaluator, objectives: this.objectives, io: this.io }, flags);
  }
}
