import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BladeUserError, CliContribution, CliIo, Evaluator, ObjectiveFactory, type ObjectiveConfig } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import type { AlignConfig } from '../align/align-config.js';
import { withPreset } from '../align/algorithm-presets.js';
import { bestOfNInference } from '../align/best-of-n-inference.js';
import { evaluatePolicy } from '../align/evaluate-policy.js';
import { loadModel } from '../checkpoint/model-file.js';
import type { DataConfig } from '../config/data-config.js';
import { pairedBootstrap } from '../evaluation/paired-bootstrap.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { formatComparison, perUserScores } from './report-format.js';
import { resolveInit } from './train-align-command.js';
import { RunSetup } from './run-setup.js';
import { addTrainFlags, type TrainFlags, trainCommandGroup } from './train-command-group.js';

interface BonRunConfig {
  data: DataConfig;
  objective: ObjectiveConfig;
  align: AlignConfig;
}

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
    addTrainFlags(trainCommandGroup(program).command('bon').description('Best-of-N at inference (no training): the best of N sampled lists per user under the objective — the oracle ceiling when the objective reads the ground truth'), 'runs/bon')
      .option('--init <model.bct>', 'the policy to sample from (overrides align.init)')
      .option('--n <N>', 'lists sampled per user (default align.groupSize)')
      .action((flags: TrainFlags & { init?: string; n?: string }) => this.run(flags));
  }

  async run(flags: TrainFlags & { init?: string; n?: string }): Promise<void> {
    let initPath = '';
    const run = await this.setup.prepare<BonRunConfig>(
      flags,
      'bon',
      ['data', 'align'],
      (doc) => {
        doc['align'] = withPreset('blade', (doc['align'] ?? {}) as Record<string, unknown>);
        doc['objective'] ??= { terms: ['ndcg@10'] };
      },
      (config, configDir) => {
        initPath = resolveInit(flags.init, config.align.init, this.io.cwd, configDir);
      },
    );
    const { config, data } = run;
    const N = flags.n === undefined ? config.align.groupSize : Number(flags.n);
    if (!Number.isInteger(N) || N < 1) throw new BladeUserError(`--n: expected a positive integer, got ${JSON.stringify(flags.n)}`);
    const policy = new TransformerPolicy(loadModel(initPath).model);
    const objective = this.objectives.create(config.objective, { path: 'objective' });
    const test = data.dataset.splits.test;
    const options = {
      evaluator: this.evaluator, metrics: config.align.metrics, k: config.align.listLength, items: data.dataset.catalog.itemSide(), excludeHistory: config.align.excludeHistory,
      contextLength: policy.model.config.context, seed: config.align.seed,
    };
    const bon = await bestOfNInference(policy, test, objective, { ...options, n: N });
    const single = await evaluatePolicy(policy, test, { ...options, samples: config.align.evalSamples });
    const name = `bon@${N}`;
    const means = { [name]: bon.values, 'policy (sampled)': single.sampled.values, 'policy (greedy)': single.greedy.values };
    const differences: Record<string, Record<string, ReturnType<typeof pairedBootstrap>>> = { [`${name} − policy (sampled)`]: {}, [`${name} − policy (greedy)`]: {} };
    for (const m of config.align.metrics) {
      if (!bon.perList[m]) continue;
      differences[`${name} − policy (sampled)`]![m] = pairedBootstrap(bon.perList[m]!, single.sampled.perList[m]!, { seed: config.align.seed + 7 });
      differences[`${name} − policy (greedy)`]![m] = pairedBootstrap(bon.perList[m]!, single.greedy.perList[m]!, { seed: config.align.seed + 7 });
    }
    const comparison = { users: test.length, means, differences };
    writeFileSync(join(run.runDir, 'summary.json'), JSON.stringify({ algorithm: 'bon', n: N, objective: objective.meta.name, dataset: data.dataset.name, test: comparison }, null, 2) + '\n');
    writeFileSync(
      join(run.runDir, 'test-scores.json'),
      JSON.stringify({ [name]: { sampled: Object.fromEntries(Object.entries(bon.perList).map(([m, v]) => [m, Array.from(v)])) }, ...perUserScores({ policy: single }) }) + '\n',
    );
    if (flags.json) this.io.out(JSON.stringify({ summary: { algorithm: 'bon', n: N, test: comparison } }) + '\n');
    else this.io.out(`test split of ${data.dataset.name}, Best-of-${N} under ${objective.meta.name}:\n${formatComparison(comparison, config.align.metrics)}`);
  }
}
