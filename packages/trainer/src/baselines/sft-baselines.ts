import type { Evaluator, SequenceDataset, SequenceExample } from '@bladerec/core';
import { join } from 'node:path';
import { JsonlMetricsCallback } from '../callbacks/jsonl-metrics-callback.js';
import type { TopKRecommender } from '../evaluation/top-k-recommender.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import type { SftConfig } from '../sft/sft-config.js';
import { PopularityRecommender } from './popularity-recommender.js';
import { trainSasrec } from './sasrec-baseline.js';
import { TransitionRecommender } from './transition-recommender.js';

/**
 * The baselines an SFT run lists in `sft.baselines`, in that order, fitted on the SFT training
 * examples: `popularity`, `transition` (first-order Markov counts) and `sasrec` (trained with the
 * run's budget into `<runDir>/sasrec` when a run directory is given — checkpoints and its own
 * metrics.jsonl — and resumed from there like SFT).
 */
export async function sftBaselines(options: {
  sft: SftConfig;
  model: TransformerConfig;
  dataset: SequenceDataset;
  train: readonly SequenceExample[];
  evaluator: Evaluator;
  runDir?: string;
}): Promise<TopKRecommender[]> {
  const numItems = options.dataset.catalog.size;
  const out: TopKRecommender[] = [];
  for (const name of options.sft.baselines ?? ['popularity', 'transition']) {
    if (name === 'popularity') out.push(new PopularityRecommender(numItems, options.train));
    else if (name === 'transition') out.push(new TransitionRecommender(numItems, options.train));
    else {
      const dir = options.runDir ? join(options.runDir, 'sasrec') : undefined;
      out.push(
        await trainSasrec({
          config: options.sft,
          model: options.model,
          dataset: options.dataset,
          train: options.train,
          evaluator: options.evaluator,
          runDir: dir,
          resume: true,
          callbacks: dir ? [new JsonlMetricsCallback(join(dir, 'metrics.jsonl'))] : [],
        }),
      );
    }
  }
  return out;
}
