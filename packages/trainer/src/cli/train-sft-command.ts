import { CliContribution, CliIo, ConfigSchemaService, Evaluator } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

/**
 * `blade train sft --config <file>`: supervised fine-tuning, then the trained policy, popularity and
 * the item-transition baseline evaluated on the test split through the same code, with paired
 * bootstrap intervals of the differences. Writes `model.bct`, `checkpoint.bct`, `metrics.jsonl`
 * and `summary.json` into the run directory. With `--sweep <grid>`, one run per grid point, the
 * point with the best validation metric chosen, then the test comparison of that point only.
 */
@injectable()
export class TrainSftCommand implements CliContribution {
  constructor(
    @inject(RunSetup) private readonly setup: RunSetup,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(CliIo) private readonly io: CliIo,
    @inject(ConfigSchemaService) private readonly schemas: ConfigSchemaService,
  ) {}

  register(program: Command): void {
    addTrainFlags(
      trainCommandGroup(program)
        .command('sft')
        .description(
          'supervised fine-tuning of the list policy (next-item cross-entropy), then a test-split comparison with popularity and item-transition baselines',
        ),
      'runs/sft',
    )
      .option(
        '--sweep <grid>',
        'hyper-parameter search: one run per point of the grid file (config path → values), chosen on validation; resumable (default --out runs/sft-sweep)',
      )
      .action((flags: TrainFlags & { sweep?: string }) => this.run(flags));
  }

  async run(flags: TrainFlags & { sweep?: string }): Promise<void> {
    const deps = { setup: this.setup, evaluator: this.evaluator, io: this.io };
    if (flags.sweep !== undefined) {
      const { runSftSweep } = await import('./run-sft-sweep.js');
      await runSftSweep({ ...deps, schemas: this.schemas }, { ...flags, sweep: flags.sweep });
      return;
    }
    const { runSft } = await import('./run-sft.js');
    await runSft(deps, flags);
  }
}
