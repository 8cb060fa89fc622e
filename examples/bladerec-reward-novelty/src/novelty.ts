import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { noveltyBatch } from './novelty-kernel.js';
import { NoveltyOptions } from './novelty-options.js';

/**
 * novelty@K: the mean self-information of the recommended items under the catalog's popularity
 * distribution (Zhou et al. 2010, "Solving the apparent diversity–accuracy dilemma of recommender
 * systems", PNAS 107(10); the `novelty` of MS Recommenders):
 *
 *   novelty(L) = (1/n) Σ_{i ∈ S} −log2 p(i),   p(i) = (pop(i) + α) / (Σ_j pop(j) + α·|I|)
 *
 * - S: the n distinct known items among the first K slots. Unknown items are removed
 *   (`unknownItems: 'skipped'`); a repeat counts once. n = 0 → 0.
 * - α (`smoothing`, default 1) keeps items with popularity 0 finite. With α → 0 it is the
 *   Recommenders definition `−log2(count_train(i) / n_train)`.
 * - Higher is better (rarer items), range [0, ∞): the maximum depends on the catalog, so a term
 *   with `normalize: 'range'` is refused.
 * - Alias: `novelty@5` = `{ k: 5 }`.
 */
export const novelty: ListRewardDefinition<NoveltyOptions> = {
  meta: {
    id: 'novelty',
    description:
      'Mean self-information −log2 p(i) of the distinct items in the top k, with p the smoothed catalog popularity distribution.',
    higherIsBetter: true,
    schema: NoveltyOptions,
    atParameter: 'k',
    formula: 'novelty@K = (1/n) Σ_{i ∈ L^K} −log2((pop(i) + α) / (Σ pop + α|I|))',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/examples/bladerec-reward-novelty/README.md',
    requires: ['popularity'],
    properties: [
      'order-invariant',
      'cutoff-invariant',
      'duplicates-ignored',
      'group-relabel-invariant',
      'category-relabel-invariant',
    ],
    unknownItems: 'skipped',
  },
  create(options) {
    return {
      meta: rewardMeta(novelty, options, { range: [0, Number.POSITIVE_INFINITY], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => noveltyBatch(inputs, options, out),
    };
  },
};
