import type { ComposedObjective, Evaluator, ItemSide, SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { evaluationInputs, historiesOf } from '../evaluation/example-batches.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { scoreRollouts } from './rollout-rewards.js';
import { type MetricOptions, resolveMetrics } from '../evaluation/metric-selection.js';
import { groupExposureOf, type RecommenderEvaluation } from '../evaluation/group-exposure.js';

/** Rows per sampling call. */
const CHUNK = 128;

/**
 * Best-of-N at inference (no training): for each example, sample N lists from the policy and keep
 * the one the objective scores best (first of the maximal ones). When the objective reads the ground
 * truth (e.g. NDCG against the held-out item) this is the oracle Best-of-N ceiling of the policy,
 * at N times the sampling cost. Returns the metrics (and per-group exposure) of the chosen lists.
 */
export async function bestOfNInference(
  policy: TransformerPolicy,
  examples: readonly SequenceExample[],
  objective: ComposedObjective,
  options: {
    n: number;
    k: number;
    evaluator: Evaluator;
    metrics: readonly string[];
    metricOptions?: MetricOptions;
    items: ItemSide;
    excludeHistory: boolean;
    contextLength: number;
    seed: number;
  },
): Promise<RecommenderEvaluation> {
  const { n: N, k: K } = options;
  const random = new Random(options.seed);
  const chosen = new Int32Array(examples.length * K);
  for (let start = 0; start < examples.length; start += CHUNK) {
    const part = examples.slice(start, start + CHUNK);
    const sampled = await policy.sample(historiesOf(part, options.contextLength), {
      n: N,
      length: K,
      random,
      excludeHistory: options.excludeHistory,
    });
    const { total } = scoreRollouts(
      objective,
      part,
      TransformerPolicy.repeatRows(part.length, N),
      sampled.lists,
      options.items,
    );
    for (let u = 0; u < part.length; u++) {
      let best = 0;
      for (let i = 1; i < N; i++) if (total[u * N + i]! > total[u * N + best]!) best = i;
      chosen.set(sampled.lists.items.subarray((u * N + best) * K, (u * N + best + 1) * K), (start + u) * K);
    }
  }
  const inputs = evaluationInputs(examples, { size: examples.length, width: K, items: chosen }, options.items);
  const result = options.evaluator.evaluate(inputs, resolveMetrics(options.evaluator, { ...options, objective }));
  const exposure = groupExposureOf(options.evaluator, inputs, K);
  return exposure ? { ...result, exposure } : result;
}
