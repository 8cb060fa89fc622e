import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BladeUserError,
  type CliIo,
  type ComposedObjective,
  type Evaluator,
  type ObjectiveConfig,
  type ObjectiveFactory,
} from '@bladerec/core';
import type { AlignConfig } from '../align/align-config.js';
import { withPreset } from '../align/algorithm-presets.js';
import { bestOfNInference } from '../align/best-of-n-inference.js';
import { evaluatePolicy } from '../align/evaluate-policy.js';
import { loadModel } from '../checkpoint/model-file.js';
import type { DataConfig } from '../config/data-config.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import { pairedBootstrap } from '../evaluation/paired-bootstrap.js';
import { exposureOf } from '../evaluation/comparison.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { formatComparison, perUserScores } from './report-format.js';
import { checkInit } from './check-init.js';
import { resolveInit } from './resolve-init.js';
import type { RunSetup } from './run-setup.js';
import type { TrainFlags } from './train-command-group.js';

interface BonRunConfig {
  data: DataConfig;
  model?: TransformerConfig;
  objective: ObjectiveConfig;
  align: AlignConfig;
}

/** The body of `blade train bon` (loaded on demand). */
export async function runBon(
  deps: { setup: RunSetup; evaluator: Evaluator; objectives: ObjectiveFactory; io: CliIo },
  flags: TrainFlags & { init?: string; n?: string },
): Promise<void> {
  const { setup, evaluator, objectives, io } = deps;
  let initPath = '';
  let objective!: ComposedObjective;
  const run = await setup.prepare<BonRunConfig>(
    flags,
    'bon',
    ['data', 'align'],
    (doc) => {
      doc['align'] = withPreset('blade', (doc['align'] ?? {}) as Record<string, unknown>);
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
  const N = flags.n === undefined ? config.align.groupSize : Number(flags.n);
  if (!Number.isInteger(N) || N < 1)
    throw new BladeUserError(`--n: expected a positive integer, got ${JSON.stringify(flags.n)}`);
  const policy = new TransformerPolicy(loadModel(initPath).model);
  const test = data.dataset.splits.test;
  const options = {
    evaluator,
    metrics: config.align.metrics,
    metricOptions: config.align.metricOptions,
    objective,
    k: config.align.listLength,
    items: data.dataset.catalog.itemSide(),
    excludeHistory: config.align.excludeHistory,
    contextLength: policy.model.config.context,
    seed: config.align.seed,
  };
  const bon = await bestOfNInference(policy, test, objective, { ...options, n: N });
  const single = await evaluatePolicy(policy, test, { ...options, samples: config.align.evalSamples });
  const name = `bon@${N}`;
  const means = {
    [name]: bon.values,
    'policy (sampled)': single.sampled.values,
    'policy (greedy)': single.greedy.values,
  };
  const differences: Record<string, Record<string, ReturnType<typeof pairedBootstrap>>> = {
    [`${name} − policy (sampled)`]: {},
    [`${name} − policy (greedy)`]: {},
  };
  for (const m of config.align.metrics) {
    if (!bon.perList[m]) continue;
    differences[`${name} − policy (sampled)`]![m] = pairedBootstrap(bon.perList[m]!, single.sampled.perList[m]!, {
      seed: config.align.seed + 7,
    });
    differences[`${name} − policy (greedy)`]![m] = pairedBootstrap(bon.perList[m]!, single.greedy.perList[m]!, {
      seed: config.align.seed + 7,
    });
  }
  const exposure = exposureOf([
    { name, exposure: bon.exposure },
    { name: 'policy (sampled)', exposure: single.sampled.exposure },
    { name: 'policy (greedy)', exposure: single.greedy.exposure },
  ]);
  const comparison = { users: test.length, means, differences, ...exposure };
  writeFileSync(
    join(run.runDir, 'summary.json'),
    JSON.stringify(
      { algorithm: 'bon', n: N, objective: objective.meta.name, dataset: data.dataset.name, test: comparison },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(
    join(run.runDir, 'test-scores.json'),
    JSON.stringify({
      [name]: { sampled: Object.fromEntries(Object.entries(bon.perList).map(([m, v]) => [m, Array.from(v)])) },
      ...perUserScores({ policy: single }),
    }) + '\n',
  );
  if (flags.json) io.out(JSON.stringify({ summary: { algorithm: 'bon', n: N, test: comparison } }) + '\n');
  else
    io.out(
      `test split of ${data.dataset.name}, Best-of-${N} under ${objective.meta.name}:\n${formatComparison(comparison, config.align.metrics)}`,
    );
}
