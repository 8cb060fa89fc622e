import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlignmentComponents, CliContribution, CliIo, Evaluator, ObjectiveFactory } from '@bladerec/core';
import { generateSynthetic, splitExamples } from '@bladerec/data';
import type { TransformerPolicy } from '@bladerec/trainer';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { formatTable } from '../../program/format-table.js';
import { importReport } from '../../program/optional-report.js';
import { importTrainer } from '../../program/optional-trainer.js';
import { demoHeadline } from './demo-headline.js';

interface DemoFlags {
  out: string;
  steps: string;
  backend?: string;
}

/**
 * `blade demo`: the whole pipeline on the built-in seeded synthetic data set, in a few minutes on
 * two cores — SFT of the transformer list policy (compared with popularity and item transitions),
 * then alignment to NDCG@10 with static vBoN and with BLADE from the same SFT policy, and
 * Best-of-8 at inference as the static ceiling. Prints the test-split tables and writes every run to
 * `--out` as a run folder (config.json, metrics.jsonl, summary.json, test-scores.json), then, when
 * `@bladerec/report` is installed, `<out>/report/report.html` over them, and prints its path.
 */
@injectable()
export class DemoCommand implements CliContribution {
  constructor(
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(ObjectiveFactory) private readonly objectives: ObjectiveFactory,
    @inject(AlignmentComponents) private readonly components: AlignmentComponents,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    program
      .command('demo')
      .description(
        'run SFT, vBoN, BLADE and Best-of-N on the built-in synthetic data set and print the comparison (a few minutes on 2 cores)',
      )
      .option('--out <dir>', 'where to write the runs', 'runs/demo')
      .option('--steps <n>', 'alignment steps per algorithm', '100')
      .option('--backend <name>', 'force a TensorFlow.js backend')
      .action((flags: DemoFlags) => this.run(flags));
  }

  async run(flags: DemoFlags): Promise<void> {
    // the trainer (and TensorFlow.js) loads only when the demo runs
    const {
      AlignmentTrainer,
      bestOfNInference,
      comparePolicies,
      compareRecommenders,
      createAlignConfig,
      JsonlMetricsCallback,
      PolicyRecommender,
      PopularityRecommender,
      ProgressCallback,
      realisedKl,
      selectBackend,
      SftTrainer,
      TransitionRecommender,
    } = await importTrainer();
    const out = resolve(this.io.cwd, flags.out);
    mkdirSync(out, { recursive: true });
    const selection = await selectBackend(flags.backend);
    this.io.err(
      `backend: ${selection.backend}${selection.skipped.length ? ` (skipped ${selection.skipped.join('; ')})` : ''}\n`,
    );
    const say = (text: string) => this.io.out(text);
    const progress = (name: string) => [
      new JsonlMetricsCallback(join(out, name, 'metrics.jsonl')),
      ...(this.io.interactive ? [new ProgressCallback()] : []),
    ];

    const dataset = generateSynthetic({ seed: 42 });
    const holdout = splitExamples(dataset.splits.train, { fractions: [0.7, 0.3, 0] }, 17);
    const data = { dataset, sftTrain: holdout.train, align: holdout.valid };
    const items = dataset.catalog.itemSide();
    say(
      `synthetic data: ${dataset.catalog.size} items, ${dataset.splits.test.length} test users (docs/synthetic-data.md)\n\n1. SFT of the transformer list policy\n`,
    );
    // the synthetic recipe chosen on validation (experiments/configs/synthetic.yaml, docs/results.md): the count prior
    const model = {
      layers: 2,
      dModel: 64,
      heads: 4,
      ffnMultiplier: 4,
      context: 12,
      dropout: 0.1,
      initFromCatalog: false,
      countPrior: { smoothing: 1 },
    };
    const sftConfig = {
      seed: 0,
      epochs: 10,
      batchSize: 64,
      learningRate: 0.0003,
      warmupSteps: 50,
      schedule: 'cosine' as const,
      weightDecay: 0.01,
      gradClip: 1,
      targets: 'all' as const,
      evalEvery: 25,
      evalExamples: 1500,
      metrics: ['ndcg@10', 'recall@10'],
      k: 10,
      beamWidth: 1,
      excludeHistory: false,
      monitor: 'ndcg@10',
      metricOptions: {},
      patience: 4,
      logEvery: 10,
      checkpointEvery: 100,
    };
    const sft = await new SftTrainer({
      config: sftConfig,
      model,
      dataset,
      train: data.sftTrain,
      evaluator: this.evaluator,
      runDir: join(out, 'sft'),
      callbacks: progress('sft'),
    }).train();
    const metrics = ['ndcg@10', 'recall@10'];
    const sftComparison = await compareRecommenders(
      [
        new PolicyRecommender(sft.policy),
        new PopularityRecommender(dataset.catalog.size, data.sftTrain),
        new TransitionRecommender(dataset.catalog.size, data.sftTrain),
      ],
      dataset.splits.test,
      { evaluator: this.evaluator, metrics, k: 10, items, excludeHistory: false, contextLength: model.context },
    );
    say(table(sftComparison.means, metrics));
    writeJson(join(out, 'sft', 'config.json'), { model, sft: sftConfig });
    writeJson(join(out, 'sft', 'summary.json'), {
      algorithm: 'sft',
      dataset: dataset.name,
      steps: sft.steps,
      bestStep: sft.bestStep,
      validation: sft.best?.values,
      test: sftComparison,
    });

    say(`\n2. alignment to NDCG@10 from the SFT policy (${flags.steps} steps × 32 users × 8 lists each)\n`);
    const objective = this.objectives.create({ terms: ['ndcg@10'] });
    // the same KL coefficient and form for both (no per-method tuning here: the study tunes each on validation)
    const kl = { coef: 0.01, form: 'k2', to: 'reference' };
    type Aligned = { name: string; policy: TransformerPolicy; steps: number; bestStep: number; rollouts: number };
    const aligned: Aligned[] = [];
    const realised: Record<string, number> = {};
    for (const algorithm of ['blade', 'vbon'] as const) {
      // 2e-3 as in the study's lean profile: the count-prior policy hardly moves at smaller rates
      const config = createAlignConfig(algorithm, {
        steps: Number(flags.steps),
        referenceRollouts: 16,
        learningRate: 0.002,
        evalEvery: 25,
        evalExamples: 300,
        keepBest: true,
        kl,
      });
      const result = await new AlignmentTrainer({
        config,
        objective,
        data,
        init: sft.policy.model,
        evaluator: this.evaluator,
        components: this.components,
        runDir: join(out, algorithm),
        callbacks: progress(algorithm),
      }).train();
      const { policy, steps, bestStep, rollouts } = result;
      aligned.push({ name: algorithm, policy, steps, bestStep, rollouts });
      writeJson(join(out, algorithm, 'config.json'), { objective: { terms: ['ndcg@10'] }, align: config });
      const records = readFileSync(join(out, algorithm, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: number });
      realised[algorithm] = realisedKl(records, bestStep);
    }
    const comparison = await comparePolicies([...aligned, { name: 'sft', policy: sft.policy }], dataset.splits.test, {
      evaluator: this.evaluator,
      metrics,
      k: 10,
      items,
      excludeHistory: false,
      samples: 4,
      contextLength: model.context,
      seed: 1,
    });
    // each alignment folder gets what `blade train <algorithm>` writes: its own and the reference's test scores
    for (const run of aligned) {
      const pick = (c: typeof comparison.sampled) => ({
        users: c.users,
        means: { [run.name]: c.means[run.name], sft: c.means['sft'] },
        differences: {},
        ...(c.exposure ? { exposure: { [run.name]: c.exposure[run.name], sft: c.exposure['sft'] } } : {}),
      });
      const test = { sampled: pick(comparison.sampled), greedy: pick(comparison.greedy) };
      const { steps, bestStep, rollouts } = run;
      writeJson(join(out, run.name, 'summary.json'), {
        algorithm: run.name,
        dataset: dataset.name,
        objective: objective.meta.name,
        steps,
        bestStep,
        rollouts,
        test,
      });
      const scores = (name: string) => {
        const e = comparison.evaluations[name]!;
        const lists = (which: 'sampled' | 'greedy') =>
          Object.fromEntries(Object.entries(e[which].perList).map(([m, v]) => [m, Array.from(v)]));
        return { sampled: lists('sampled'), greedy: lists('greedy') };
      };
      writeJson(join(out, run.name, 'test-scores.json'), { [run.name]: scores(run.name), sft: scores('sft') });
    }
    const bon = await bestOfNInference(sft.policy, dataset.splits.test, objective, {
      n: 8,
      k: 10,
      evaluator: this.evaluator,
      metrics,
      items,
      excludeHistory: false,
      contextLength: model.context,
      seed: 1,
    });
    say(
      `one sampled list per user (mean of 4 draws):\n${table({ ...comparison.sampled.means, 'sft best-of-8 (oracle)': bon.values }, metrics)}`,
    );
    say(`greedy top-10:\n${table(comparison.greedy.means, metrics)}`);
    const difference = comparison.sampled.differences['blade − vbon']!['ndcg@10']!;
    say(
      `\n${demoHeadline({ metric: 'NDCG@10', difference, kl: { blade: realised['blade']!, vbon: realised['vbon']! }, coef: kl.coef, steps: Number(flags.steps) })}`,
    );
    writeFileSync(
      join(out, 'summary.json'),
      JSON.stringify(
        {
          sft: sftComparison,
          aligned: { sampled: comparison.sampled, greedy: comparison.greedy },
          realisedKl: realised,
          bestOf8: bon.values,
        },
        null,
        2,
      ) + '\n',
    );
    say(
      `\nruns, metrics.jsonl and summary.json in ${flags.out}; diagnostics keys are explained in docs/algorithms.md\n`,
    );
    const report = await importReport();
    if (!report) {
      say('charts: npm install @bladerec/report, then blade report ' + flags.out + '\n');
      return;
    }
    const paths = [join(out, 'sft'), ...aligned.map((a) => join(out, a.name))];
    const written = await report.writeReport({ paths, out: join(out, 'report'), title: 'blade demo' });
    say(`report (docs/report.md): ${written.html}\n`);
  }
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function table(means: Readonly<Record<string, Readonly<Record<string, number>>>>, metrics: readonly string[]): string {
  return formatTable([
    ['', ...metrics],
    ...Object.entries(means).map(([name, v]) => [name, ...metrics.map((m) => v[m]!.toFixed(4))]),
  ]);
}
