import {
  AlignmentComponents,
  type BladePlugin,
  createBladeContainer,
  Evaluator,
  ObjectiveFactory,
} from '@bladerec/core';
import { generateSynthetic, splitExamples } from '@bladerec/data';
import estimators from '@bladerec/estimators';
import diversity from '@bladerec/reward-diversity';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import {
  type AlignConfig as AlignConfigType,
  type Algorithm,
  createAlignConfig,
  SftTrainer,
  type TrainingData,
  type Transformer,
} from '../src/index.js';

/** A container with the built-in rewards and estimators (and any extra plugins). */
export function alignContainer(extra: readonly BladePlugin[] = []) {
  const container = createBladeContainer({ plugins: [ndcg, recall, diversity, estimators, ...extra] });
  return {
    evaluator: container.get<Evaluator>(Evaluator),
    objectives: container.get<ObjectiveFactory>(ObjectiveFactory),
    components: container.get<AlignmentComponents>(AlignmentComponents),
  };
}

/** Synthetic data with a 30 % alignment hold-out. */
export function alignData(seed = 3, users = 240): TrainingData {
  const dataset = generateSynthetic({
    seed,
    items: 60,
    users,
    minHistory: 4,
    maxHistory: 10,
    genres: 4,
    groups: 2,
    factors: 4,
  });
  const parts = splitExamples(dataset.splits.train, { fractions: [0.7, 0.3, 0] }, 17);
  return { dataset, sftTrain: parts.train, align: parts.valid };
}

/** A briefly trained tiny SFT model on `data`. */
export async function tinySft(data: TrainingData, steps = 40, seed = 1): Promise<Transformer> {
  const { evaluator } = alignContainer();
  const { policy } = await new SftTrainer({
    config: {
      seed,
      epochs: 1,
      steps,
      batchSize: 32,
      learningRate: 0.01,
      warmupSteps: 5,
      schedule: 'cosine',
      weightDecay: 0.01,
      gradClip: 1,
      targets: 'all',
      evalEvery: 1000,
      evalExamples: 20,
      metrics: ['ndcg@10'],
      metricOptions: {},
      k: 10,
      beamWidth: 1,
      excludeHistory: false,
      monitor: 'ndcg@10',
      patience: 5,
      logEvery: 1000,
      checkpointEvery: 1000,
    },
    model: { layers: 1, dModel: 16, heads: 2, ffnMultiplier: 2, context: 6, dropout: 0, initFromCatalog: false },
    dataset: data.dataset,
    train: data.sftTrain,
    evaluator,
  }).train();
  return policy.model;
}

/** A validated `align` config: the algorithm's preset under small test sizes and `overrides`. */
export function alignConfig(algorithm: Algorithm, overrides: Record<string, unknown> = {}): AlignConfigType {
  return createAlignConfig(algorithm, {
    steps: 4,
    contextsPerStep: 8,
    groupSize: 4,
    listLength: 5,
    referenceRollouts: 4,
    evalEvery: 1000,
    evalExamples: 20,
    evalSamples: 1,
    metrics: ['ndcg@5'],
    learningRate: 0.001,
    ...overrides,
  });
}
