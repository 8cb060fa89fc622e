import { type CorpusMetricDefinition, corpusMetricMeta } from '@bladerec/core';
import { recommendationCounts } from './recommendation-counts.js';
import { TopKOptions } from './top-k-options.js';

/** Number of most-recommended items whose counts ORRatio sums (SPRec). */
export const OR_RATIO_TOP = 3;

/**
 * ORRatio@K (SPRec, Gao et al. 2025, WWW '25): how much of all recommendation slots the three
 * most recommended items take (over-recommendation; lower is better).
 *
 *   ORRatio@K = Σ_{i ∈ top-3} count(i) / (K · #users),  count(i) = #{u : i ∈ L_u^K}
 *
 * - The denominator is K·#users even when lists are shorter than K (as SPRec); every list of the
 *   batch is a user, empty lists included. Fewer than 3 distinct items → the sum of all counts.
 * - Unknown items never count; an item repeated within a list counts once for that list.
 * - No users → 0.
 * - Alias: `or-ratio@10` = `{ k: 10 }`.
 */
export const orRatio: CorpusMetricDefinition<TopKOptions> = {
  meta: {
    id: 'or-ratio',
    description:
      'SPRec ORRatio: share of all K·#users recommendation slots taken by the 3 most recommended items (lower is better).',
    higherIsBetter: false,
    schema: TopKOptions,
    atParameter: 'k',
    formula: 'ORRatio@K = Σ_{i ∈ top-3} #{u : i ∈ L_u^K} / (K · #users)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/diversity.md#or-ratio',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    return {
      meta: corpusMetricMeta(orRatio, options, { range: [0, 1], cutoff: options.k }),
      compute(inputs) {
        const { counts, users } = recommendationCounts(inputs, options.k);
        return users === 0 ? 0 : topCountSum(counts, OR_RATIO_TOP) / (options.k * users);
      },
    };
  },
};

/** Sum of the `m` largest entries of `counts` (all of them when there are fewer), `O(|counts| · m)`. */
function topCountSum(counts: Int32Array, m: number): number {
  const top = new Array<number>(m).fill(0);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c <= top[m - 1]!) continue;
    let j = m - 1;
    while (j > 0 && top[j - 1]! < c) {
      top[j] = top[j - 1]!;
      j--;
    }
    top[j] = c;
  }
  return top.reduce((sum, c) => sum + c, 0);
}
