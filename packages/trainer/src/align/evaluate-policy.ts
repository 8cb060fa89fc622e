import type { SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { evaluationInputs, historiesOf } from '../evaluation/example-batches.js';
import { evaluateRecommender, type RecommenderEvaluationOptions } from '../evaluation/evaluate-recommender.js';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import type { TransformerPolicy } from '../policy/transformer-policy.js';
import { resolveMetrics } from '../evaluation/metric-selection.js';
import { groupExposureOf, type RecommenderEvaluation } from '../evaluation/group-exposure.js';

/** A policy scored two ways on the same examples. */
export interface PolicyEvaluation {
  /** One sampled list per user (what Best-of-N distillation targets), averaged over `samples` draws. */
  readonly sampled: RecommenderEvaluation;
  /** The greedy top-K list. */
  readonly greedy: RecommenderEvaluation;
}

/** How {@link evaluatePolicy} scores a policy: the recommender options, and how many lists to sample per user. */
export interface PolicyEvaluationOptions extends RecommenderEvaluationOptions {
  /** Lists sampled per user (temperature 1); each user's score is their mean. */
  readonly samples: number;
  /** History items the policy sees (the last ones): its model's context. */
  readonly contextLength: number;
  /** Seed of the sampling. */
  readonly seed: number;
}

/** Rows per sampling call. */
const CHUNK = 256;

/**
 * Scores a policy on sampled lists (each user's metric averaged over `samples` lists drawn at
 * temperature 1; per-list scores are these per-user means) and on greedy top-K lists.
 */
export async function evaluatePolicy(
  policy: TransformerPolicy,
  examples: readonly SequenceExample[],
  options: PolicyEvaluationOptions,
): Promise<PolicyEvaluation> {
  return {
    sampled: await evaluateSampled(policy, examples, options),
    greedy: await evaluateRecommender(new PolicyRecommender(policy), examples, options),
  };
}

/**
 * The sampled-list half of {@link evaluatePolicy}: list rewards are averaged over each user's
 * `samples` lists (per-list scores are these per-user means); corpus metrics (MGU, coverage …) are
 * computed over all sampled lists at once, and so is the per-group exposure ({@link groupExposureOf}).
 */
export async function evaluateSampled(
  policy: TransformerPolicy,
  examples: readonly SequenceExample[],
  options: PolicyEvaluationOptions,
): Promise<RecommenderEvaluation> {
  const S = options.samples;
  const K = options.k;
  const random = new Random(options.seed);
  const lists = new Int32Array(examples.length * S * K);
  for (let start = 0; start < examples.length; start += CHUNK) {
    const part = examples.slice(start, start + CHUNK);
    const sampled = await policy.sample(historiesOf(part, options.contextLength), {
      n: S,
      length: K,
      random,
      excludeHistory: options.excludeHistory,
    });
    lists.set(sampled.lists.items, start * S * K);
  }
  const repeated = examples.flatMap((e) => Array.from({ length: S }, () => e));
  const inputs = evaluationInputs(repeated, { size: repeated.length, width: K, items: lists }, options.items);
  const result = options.evaluator.evaluate(inputs, resolveMetrics(options.evaluator, options));
  const exposure = groupExposureOf(options.evaluator, inputs, K);
  const perList: Record<string, Float64Array> = {};
  const values: Record<string, number> = { ...result.values };
  for (const [m, scores] of Object.entries(result.perList)) {
    const perUser = new Float64Array(examples.length);
    for (let u = 0; u < examples.length; u++) {
      let sum = 0;
      for (let j = 0; j < S; j++) sum += scores[u * S + j]!;
      perUser[u] = sum / S;
    }
    perList[m] = perUser;
  }
  return { users: examples.length, values, perList, ...(exposure ? { exposure } : {}) };
}
