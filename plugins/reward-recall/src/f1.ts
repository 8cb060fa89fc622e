import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { f1Batch } from './f1-kernel.js';
import { F1Options } from './f1-options.js';

/**
 * F1@K: the harmonic mean of Precision@K and Recall@K (ranx `f1`).
 *
 *   F1@K = 2·P·R / (P + R) = 2·|L^K ∩ R| / (K + |R|)
 *
 * - Precision divides by K even for shorter lists, as `precision` does (ranx).
 * - Edge cases: no relevant item or no hit → 0; repeats hit once; unknown items never hit.
 * - Alias: `f1@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const f1: ListRewardDefinition<F1Options> = {
  meta: {
    id: 'f1',
    description: 'Harmonic mean of Precision@k (divided by k) and Recall@k: 2·hits / (k + |R|).',
    higherIsBetter: true,
    schema: F1Options,
    atParameter: 'k',
    formula: 'F1@K = 2·P@K·R@K / (P@K + R@K) = 2·|L^K ∩ R| / (K + |R|)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#f1k',
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
      meta: rewardMeta(f1, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => f1Batch(inputs, options, out, passes),
    };
  },
};
