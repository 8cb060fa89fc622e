import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlignmentComponents, BladeUserError, CliContribution, CliIo, Evaluator, ObjectiveFactory, type ObjectiveConfig } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import { type AlignConfig, type Algorithm, ALGORITHMS } from '../align/align-config.js';
import { withPreset } from '../align/algorithm-presets.js';
import { AlignmentTrainer } from '../align/alignment-trainer.js';
import { comparePolicies } from '../align/compare-policies.js';
import { loadModel } from '../checkpoint/model-file.js';
import type { DataConfig } from '../config/data-config.js';
import { formatComparison, perUserScores } from './report-format.js';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

interface AlignRunConfig {
  data: DataConfig;
  objective: ObjectiveConfig;
  align: AlignConfig;
}

const DESCRIPTIONS: Record<Algorithm, string> = {
  blade: 'BLADE: Bayesian list-wise alignment with a self-evolving Best-of-N target (prior + current evidence)',
  vbon: 'variational BoN: policy gradient on log F̂ of the static reference CDF, KL 1/(N−1)',
  bond: 'BOND: Jeffreys divergence to the static Best-of-N target (reference BoN samples + log p̂_≤ policy gradient)',
  jbond: 'J-BOND: N = 2, EMA anchor, −log 16 reward',
  bonbon: 'BoNBoN: SFT on best + IPO on (best, worst) offline reference pairs, margin (n−1)·H_{n−1}',
  grpo: 'GRPO with the raw composed list reward (group-normalised advantages)',
  rloo: 'RLOO with the raw composed list reward (leave-one-out baseline)',
};

/**
 * `blade train <blade|vbon|bond|jbond|bonbon|grpo|rloo> --config <file> [--init model.bct]`: aligns the
 * SFT policy to the config's objective with the chosen algorithm (a preset of the one alignment
 * path; the config's `align` section overrides it), then compares the aligned policy with the SFT
 * reference on the test split (sampled and greedy lists, paired bootstrap intervals).
 */
@injectable()
export class TrainAlignCommand implements CliContribution {
  constructor(
    @inject(RunSetup) private readonly setup: RunSetup,
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(ObjectiveFactory) private readonly objectives: ObjectiveFactory,
    @inject(AlignmentComponents) private readonly components: AlignmentComponents,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    for (const algorithm of ALGORITHMS) {
      addTrainFlags(trainCommandGroup(program).command(algorithm).description(DESCRIPTIONS[algorithm]), `runs/${algorithm}`)
        .option('--init <model.bct>', 'the SFT model to align (overrides align.init)')
        .action((flags: TrainFlags & { init?: string }) => this.run(algorithm, flags));
    }
  }

  async run(algorithm: Algorithm, flags: TrainFlags & { init?: string }): Promise<void> {
    let initPath = '';
    const run = await this.setup.prepare<AlignRunConfig>(
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
        initPath = resolveInit(flags.init, config.align.init, this.io.cwd, configDir);
      },
    );
    const { config, data } = run;
    const { model: init } = loadModel(initPath);
    if (init.numItems !== data.dataset.catalog.size) throw new BladeUserError(`the model has ${init.numItems} items but the data set ${data.dataset.catalog.size}: align with the data set the model was trained on`, { file: initPath });
    const objective = this.objectives.create(config.objective, { path: 'objective' });
    const result = await new AlignmentTrainer({
      config: config.align, objective, data, init, evaluator: this.evaluator, components: this.components, runDir: run.runDir, resume: flags.resume, callbacks: run.callbacks,
    }).train();
    const comparison = await comparePolicies([{ name: algorithm, policy: result.policy }, { name: 'sft', policy: result.reference }], data.dataset.splits.test, {
      evaluator: this.evaluator, metrics: config.align.metrics, k: config.align.listLength, items: data.dataset.catalog.itemSide(), excludeHistory: config.align.excludeHistory,
      samples: config.align.evalSamples, contextLength: init.config.context, seed: config.align.seed,
    });
    const { evaluations, ...test } = comparison;
    const summary = { algorithm, dataset: data.dataset.name, objective: objective.meta.name, steps: result.steps, test };
    writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    writeFileSync(join(run.runDir, 'test-scores.json'), JSON.stringify(perUserScores(evaluations)) + '\n');
    if (flags.json) this.io.out(JSON.stringify({ summary }) + '\n');
    else {
      this.io.out(`test split of ${data.dataset.name}, one sampled list per user (mean of ${config.align.evalSamples}):\n${formatComparison(test.sampled, config.align.metrics)}`);
      this.io.out(`greedy top-${config.align.listLength}:\n${formatComparison(test.greedy, config.align.metrics)}run directory: ${run.runDir}\n`);
    }
  }
}

/** The SFT model a command starts from: `--init` (relative to the working directory) or `align.init` (relative to the config). */
export function resolveInit(flag: string | undefined, configured: string | undefined, cwd: string, configDir: string): string {
  const path = flag ? resolve(cwd, flag) : configured ? resolve(configDir, configured) : undefined;
  if (!path) throw new BladeUserError('alignment starts from an SFT model: give --init <model.bct> or align.init (train one with `blade train sft`)');
  if (!existsSync(path)) throw new BladeUserError('no such model file (train one with `blade train sft`)', { file: path });
  return path;
}
