import { createBladeContainer, Evaluator } from '@bladerec/core';
import { generateSynthetic } from '@bladerec/data';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import type { SftConfig, TransformerConfig } from '../src/index.js';

/** A small synthetic data set (60 items, 120 users). */
export const tinyDataset = () =>
  generateSynthetic({
    seed: 3,
    items: 60,
    users: 120,
    minHistory: 4,
    maxHistory: 10,
    genres: 4,
    groups: 2,
    factors: 4,
  });

/** The evaluator with the NDCG and recall plugins. */
export const evaluator = () => createBladeContainer({ plugins: [ndcg, recall] }).get<Evaluator>(Evaluator);

export const tinyModelConfig: TransformerConfig = {
  layers: 1,
  dModel: 16,
  heads: 2,
  ffnMultiplier: 2,
  context: 6,
  dropout: 0.1,
  initFromCatalog: false,
};

export const tinySftConfig = (overrides: Partial<SftConfig> = {}): SftConfig => ({
  seed: 11,
  epochs: 1,
  steps: 6,
  batchSize: 16,
  learningRate: 0.01,
  warmupSteps: 2,
  schedule: 'cosine',
  weightDecay: 0.01,
  gradClip: 1,
  targets: 'all',
  evalEvery: 3,
  evalExamples: 40,
  metrics: ['ndcg@10', 'recall@10'],
  metricOptions: {},
  k: 10,
  beamWidth: 1,
  excludeHistory: false,
  monitor: 'ndcg@10',
  patience: 5,
  logEvery: 1,
  checkpointEvery: 3,
  ...overrides,
});
