import { type CorpusMetricDefinition, corpusMetricMeta } from '@bladerec/core';
import { recommendationCounts } from './recommendation-counts.js';
import { TopKOptions } from './top-k-options.js';

/**
 * DivRatio@K (SPRec, Gao et al. 2025, "SPRec: Self-Play to Debias LLM-based Recommendation", WWW '25):
 * the distinct items recommended, over the number of recommendation slots.
 *
 *   DivRatio@K = |∪_u L_u^K| / (K · #users)
 *
 * - The denominator is K·#users even when lists are shorter than K (as in SPRec, whose lists
 *   always hold K items); every list of the batch is a user, empty lists included.
 * - Unknown items never count; an item repeated in a list or across lists counts once.
 * - No users → 0.
 * - Alias: `div-ratio@10` = `{ k: 10 }`.
 */
export const divRatio: CorpusMetricDefinition<TopKOptions> = {
  meta: {
    id: 'div-ratio',
    description: "SPRec DivRatio: distinct items in all users' top k, over K times the number of users.",
    higherIsBetter: true,
    schema: TopKOptions,
    atParameter: 'k',
    formula: 'DivRatio@K = |∪_u L_u^K| / (K · #users)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/diversity.md#div-ratio',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    return {
      meta: corpusMetricMeta(divRatio, options, { range: [0, 1], cutoff: options.k }),
      compute(inputs) {
        const { distinct, users } = recommendationCounts(inputs, options.k);
        return users === 0 ? 0 : distinct / (options.k * users);
      },
    };
  },
};
