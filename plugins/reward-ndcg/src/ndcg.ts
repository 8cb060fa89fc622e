import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { discounts, ndcgBatch } from './ndcg-kernel.js';
import { NdcgOptions } from './ndcg-options.js';

/**
 * NDCG@K (normalised discounted cumulative gain; Järvelin & Kekäläinen 2002, TOIS 20(4)).
 *
 *   NDCG@K = DCG@K / IDCG@K,  DCG@K = Σ_{p ≤ min(K,n)} gain(rel(i_p)) / log2(p+1)
 *
 * - IDCG@K comes from every judged relevant item (ranx, RecBole), so a relevant item the list never
 *   shows lowers NDCG; with a single target NDCG@K = 1/log2(p+1) at its position p ≤ K, else 0.
 * - gain: `linear` g (ranx `ndcg`) or `exp` 2^g − 1 (Burges; ranx `ndcg_burges`, TF-Ranking).
 * - Edge cases: empty list → 0; no relevant item → 0; K > length → DCG over the available
 *   positions while IDCG still uses min(K, |R|); a repeated item gains only at its first position;
 *   unknown items gain nothing but keep their position.
 * - Alias: `ndcg@10` = `{ k: 10 }`.
 */
export const ndcg: ListRewardDefinition<NdcgOptions> = {
  meta: {
    id: 'ndcg',
    description: 'Normalised discounted cumulative gain of the top k (graded relevance, linear or exponential gain).',
    higherIsBetter: true,
    schema: NdcgOptions,
    atParameter: 'k',
    formula: 'NDCG@K = Σ_{p≤K} gain(rel_p)/log2(p+1) / IDCG@K',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/ndcg.md',
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
    const disc = discounts(options.k);
    return {
      meta: rewardMeta(ndcg, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) =>
        ndcgBatch(inputs, options, out, disc, passes),
    };
  },
};
