import {
  AlignmentComponents,
  CliContribution,
  CliIo,
  Evaluator,
  LoadedPlugins,
  ObjectiveFactory,
} from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { type Algorithm, ALGORITHMS } from '../align/align-config.js';
import { CACHE_DIR_ENV } from '../cache/cache-env.js';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

const DESCRIPTIONS: Record<Algorithm, string> = {
  blade: 'BLADE: Bayesian list-wise alignment with a self-evolving Best-of-N target (prior + current evidence)',
  vbon: 'variational BoN: policy gradient on log w of the static reference CDF (vBoN add-one estimator)',
  bond: 'BOND: Jeffreys divergence to the static Best-of-N target (reference BoN samples + log w policy gradient, p̂_≤)',
  jbond: 'J-BOND: N = 2, EMA anchor whose samples are the prior, −log 16 reward',
  bonbon: 'BoNBoN: SFT on best + IPO on (best, worst) offline reference pairs, margin (n−1)·H_{n−1}',
  grpo: 'GRPO with the raw composed list reward (group-normalised advantages)',
  rloo: 'RLOO with the raw composed list reward (leave-one-out baseline)',
};

/**
 * `blade train <blade|vbon|bond|jbond|bonbon|grpo|rloo> --config <file> [--init model.bct]`: aligns the
 * SFT policy to the config's objective with the chosen algorithm (a preset of the one alignment
 * path; the config's `align` section overrides it), then compares the aligned policy with the SFT
 * reference on the test split (sampled and greedy lists, paired bootstrap intervals). With `--cache <dir>`
 * or `BLADE_CACHE_DIR` the reference-only computations are stored and reused across runs.
 */
@injectable()
export class TrainAlignCommand implements CliContribution {
  constructor(
    @inject(RunSetup) private readonly setup: RunSetup,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(ObjectiveFactory) private readonly objectives: ObjectiveFactory,
    @inject(AlignmentComponents) private readonly components: AlignmentComponents,
    @inject(CliIo) private readonly io: CliIo,
    @inject(LoadedPlugins) private readonly plugins: LoadedPlugins,
  ) {}

  register(program: Command): void {
    for (const algorithm of ALGORITHMS) {
      addTrainFlags(
        trainCommandGroup(program).command(algorithm).description(DESCRIPTIONS[algorithm]),
        `runs/${algorithm}`,
      )
        .option('--init <model.bct>', 'the SFT model to align (overrides align.init)')
        .option(
          '--cache <dir>',
          'store and reuse the reference-only computations (reference rollouts, ceiling sample, ' +
            `SFT test evaluation) in <dir>; outputs are identical with and without it (default: $${CACHE_DIR_ENV}, else off)`,
        )
        .action((flags: TrainFlags & { init?: string; cache?: string }) => this.run(algorithm, flags));
    }
  }

  async run(algorithm: Algorithm, flags: TrainFlags & { init?: string; cache?: string }): Promise<void> {
    const { runAlign } = await import('./run-align.js');
    const deps = {
      setup: this.setup,
      evaluator: this.evaluator,
      objectives: this.objectives,
      components: this.components,
      io: this.io,
      plugins: this.plugins,
    };
    await runAlign(deps, algorithm, flags);
  }
}
