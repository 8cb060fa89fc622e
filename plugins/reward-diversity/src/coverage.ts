import { type CorpusMetricDefinition, corpusMetricMeta } from '@bladerec/core';
import { recommendationCounts } from './recommendation-counts.js';
import { TopKOptions } from './top-k-options.js';

/**
 * Item coverage@K (RecBole `ItemCoverage`): the share of the catalog recommended to anyone.
 *
 *   Coverage@K = |∪_u L_u^K| / |I|,  |I| = `items.numItems`
 *
 * - Unknown items never count; an item repeated in a list or across lists counts once.
 * - No users (or an empty catalog) → 0.
 * - MS Recommenders `catalog_coverage` divides by the distinct *training* items instead.
 * - Alias: `coverage@10` = `{ k: 10 }`.
 */
export const coverage: CorpusMetricDefinition<TopKOptions> = {
  meta: {
    id: 'coverage',
    description:
      "Item coverage: distinct items recommended in anyone's top k, over the catalog size (RecBole ItemCoverage).",
    higherIsBetter: true,
    schema: TopKOptions,
    atParameter: 'k',
    formula: 'Coverage@K = |∪_u L_u^K| / |I|',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/diversity.md#coverage',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    return {
      meta: corpusMetricMeta(coverage, options, { range: [0, 1], cutoff: options.k }),
      compute(inputs) {
        const { numItems } = inputs.items;
        return numItems === 0 ? 0 : recommendationCounts(inputs, options.k).distinct / numItems;
      },
    };
  },
};
