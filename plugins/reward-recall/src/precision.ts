import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { precisionBatch } from './precision-kernel.js';
import { PrecisionOptions } from './precision-options.js';

/**
 * Precision@K: the share of the K slots that hold a relevant item (Manning, Raghavan & Schütze,
 * Introduction to Information Retrieval, 2008, §8.4).
 *
 *   Precision@K = |L^K ∩ R| / K,  R = { i : rel(i) > 0 }
 *
 * - Divides by K even when the list is shorter (ranx `precision`, Recommenders `precision_at_k`:
 *   "max achievable precision may be < 1"), so short lists are penalised. Other libraries differ:
 *   RecBole divides by the position index and TF-Ranking by `min(topn, #valid items)`; for lists
 *   of length ≥ K all agree.
 * - Edge cases: no relevant item → 0; empty list → 0; a repeated item counts once (the repeat's
 *   slot stays in the denominator); unknown items never hit but count as slots.
 * - Alias: `precision@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const precision: ListRewardDefinition<PrecisionOptions> = {
  meta: {
    id: 'precision',
    description: 'Share of the k top slots holding a relevant item (grade > 0); divided by k even for shorter lists.',
    higherIsBetter: true,
    schema: PrecisionOptions,
    atParameter: 'k',
    formula: 'Precision@K = |L^K ∩ R| / K',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#precisionk',
    requires: ['relevance'],
    properties: [
      'relevance-monotone',
      'cutoff-invariant',
      'duplicates-ignored',
      'group-relabel-invariant',
      'category-relabel-invariant',
    ],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(precision, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) =>
        precisionBatch(inputs, options, out, passes),
    };
  },
};
