import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { ildBatch } from './ild-kernel.js';
import { IldOptions } from './ild-options.js';

/**
 * ILD@K, intra-list diversity (Ziegler, McNee, Konstan & Lausen 2005, "Improving recommendation
 * lists through topic diversification", WWW '05): the mean pairwise distance of a list's items.
 *
 *   ILD(L) = 2 / (n (n − 1)) · Σ_{j<l} d(i_j, i_l)
 *
 * - distance `cosine` (default): d = 1 − cos(e_a, e_b) on item embeddings, range [0, 2];
 *   `jaccard`: d = 1 − |C_a ∩ C_b| / |C_a ∪ C_b| on category sets, range [0, 1].
 * - Which items: the first K slots are the candidates; among them unknown items are removed
 *   (`unknownItems: 'skipped'`) and repeats keep only their first occurrence, leaving n items.
 *   Slots after K never enter, even when earlier slots were dropped. Order inside the window does
 *   not matter.
 * - Edge cases: n < 2 (empty list, one item, one item repeated) → 0, since ILD is undefined there;
 *   a zero embedding has cosine similarity 0 with every item (MS Recommenders sets a missing
 *   similarity to 0), so its distance is 1; two empty category sets have similarity 0 (distance 1).
 * - Kernel: cosine uses the Gram identity on cached unit embeddings, O(n·dim) per list; Jaccard is
 *   pairwise on 32-bit category masks.
 * - Alias: `ild@10` = `{ k: 10 }`.
 */
export const ild: ListRewardDefinition<IldOptions> = {
  meta: {
    id: 'ild',
    description:
      'Intra-list diversity: mean pairwise distance (1 − cosine on embeddings, or 1 − Jaccard on categories) of the distinct items in the top k.',
    higherIsBetter: true,
    schema: IldOptions,
    atParameter: 'k',
    formula: 'ILD@K = 2/(n(n−1)) Σ_{j<l} d(i_j, i_l),  d = 1 − cos(e_j, e_l) or 1 − |C_j ∩ C_l|/|C_j ∪ C_l|',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/diversity.md#ild',
    requires: (options: IldOptions) => (options.distance === 'jaccard' ? ['categories'] : ['embeddings']),
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
      meta: rewardMeta(ild, options, { range: options.distance === 'jaccard' ? [0, 1] : [0, 2], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => ildBatch(inputs, options, out),
    };
  },
};
