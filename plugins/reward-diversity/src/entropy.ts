import { type CorpusMetricDefinition, corpusMetricMeta } from '@bladerec/core';
import { EntropyOptions } from './entropy-options.js';
import { recommendationCounts } from './recommendation-counts.js';

/**
 * Shannon entropy@K of the recommendations (RecBole `ShannonEntropy`): how evenly the lists spread
 * over the items they recommend. Higher is better.
 *
 *   p(i) = c(i) / Σ_j c(j),  H = −Σ_i p(i) ln p(i),  RecBole: H / |{i : c(i) > 0}|
 *
 * - c(i): the number of lists whose first K slots show catalog item i (once per list; unknown items
 *   never count). RecBole counts every slot of full K-item lists of distinct items: the same counts.
 * - `normalization: 'distinct-items'` (default) divides by the number of distinct recommended items,
 *   RecBole's unusual normalisation (range [0, 1/e]); `'none'` is the plain entropy in nats (range
 *   [0, ln |I|], declared [0, ∞)). Recommenders' `distributional_coverage` is the plain entropy in bits.
 * - Nothing recommended → 0. Alias: `entropy@10` = `{ k: 10 }`. Docs: `docs/metrics/diversity.md#entropy`.
 */
export const entropy: CorpusMetricDefinition<EntropyOptions> = {
  meta: {
    id: 'entropy',
    description:
      'Shannon entropy of how often each item is recommended in the top k (RecBole ShannonEntropy: divided by the distinct items).',
    higherIsBetter: true,
    schema: EntropyOptions,
    atParameter: 'k',
    formula: 'H = −Σ_i p(i) ln p(i), p(i) = c(i)/Σc; RecBole: H / #distinct',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/diversity.md#entropy',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    const range: [number, number] = options.normalization === 'none' ? [0, Number.POSITIVE_INFINITY] : [0, 1 / Math.E];
    return {
      meta: corpusMetricMeta(entropy, options, { range, cutoff: options.k }),
      compute(inputs) {
        const { counts, distinct } = recommendationCounts(inputs, options.k);
        let total = 0;
        for (let i = 0; i < counts.length; i++) total += counts[i]!;
        if (total === 0) return 0;
        let h = 0;
        for (let i = 0; i < counts.length; i++) {
          const c = counts[i]!;
          if (c > 0) h -= (c / total) * Math.log(c / total);
        }
        return options.normalization === 'none' ? h : h / distinct;
      },
    };
  },
};
