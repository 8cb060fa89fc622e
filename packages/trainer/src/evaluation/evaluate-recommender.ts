import type { Evaluator, ItemSide, ListReward, SequenceExample } from '@bladerec/core';
import { historiesOf, evaluationInputs } from './example-batches.js';
import type { TopKRecommender } from './top-k-recommender.js';
import { type MetricOptions, resolveMetrics } from './metric-selection.js';
import { groupExposureOf, type RecommenderEvaluation } from './group-exposure.js';

/** How {@link evaluateRecommender} scores lists. */
export interface RecommenderEvaluationOptions {
  readonly evaluator: Evaluator;
  /** Metric names (`ndcg@10`, `recall@10`, corpus metrics …). */
  readonly metrics: readonly string[];
  readonly metricOptions?: MetricOptions;
  /** The run's objective, scored beside the metrics when given. */
  readonly objective?: ListReward;
  /** List length. */
  readonly k: number;
  readonly items: ItemSide;
  /** Whether a list may not repeat the user's history. */
  readonly excludeHistory: boolean;
  /** History items the recommender sees (the last ones); all when absent. */
  readonly contextLength?: number;
}

/** Rows per recommendation call (bounds memory for long test sets). */
const CHUNK = 512;

/**
 * Recommends top-K lists for every example and scores them with `metrics` (e.g. `ndcg@10`,
 * `recall@10`) through the {@link Evaluator}; per-list scores are kept for bootstrap intervals. With
 * item groups, also each group's share of the lists' exposure ({@link groupExposureOf}).
 */
export async function evaluateRecommender(
  recommender: TopKRecommender,
  examples: readonly SequenceExample[],
  options: RecommenderEvaluationOptions,
): Promise<RecommenderEvaluation> {
  const items = new Int32Array(examples.length * options.k);
  for (let start = 0; start < examples.length; start += CHUNK) {
    const chunk = examples.slice(start, start + CHUNK);
    const lists = await recommender.recommend(historiesOf(chunk, options.contextLength), options.k, {
      excludeHistory: options.excludeHistory,
    });
    items.set(lists.items, start * options.k);
  }
  const inputs = evaluationInputs(examples, { size: examples.length, width: options.k, items }, options.items);
  const result = options.evaluator.evaluate(inputs, resolveMetrics(options.evaluator, options));
  const exposure = groupExposureOf(options.evaluator, inputs, options.k);
  return exposure ? { ...result, exposure } : result;
}
