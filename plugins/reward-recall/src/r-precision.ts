import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { rPrecisionBatch } from './r-precision-kernel.js';
import { RPrecisionOptions } from './r-precision-options.js';

/**
 * R-precision: the precision at rank |R|, each user's own number of relevant items (ranx
 * `r_precision`; Manning, Raghavan & Schütze 2008, §8.4).
 *
 *   R-precision = |L^{|R|} ∩ R| / |R|
 *
 * - No cutoff option: the window is |R| (so no `@K` alias). Equals Precision@|R| and Recall@|R|.
 * - Edge cases: no relevant item → 0; a list shorter than |R| still divides by |R|; repeats hit
 *   once; unknown items never hit. Docs: `docs/metrics/recall.md`.
 */
export const rPrecision: ListRewardDefinition<RPrecisionOptions> = {
  meta: {
    id: 'r-precision',
    description:
      'Precision at rank |R| (the number of relevant items of the user): hits in the top |R| divided by |R|.',
    higherIsBetter: true,
    schema: RPrecisionOptions,
    formula: 'R-precision = |L^{|R|} ∩ R| / |R|',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#r-precision',
    requires: ['relevance'],
    properties: ['relevance-monotone', 'duplicates-ignored', 'group-relabel-invariant', 'category-relabel-invariant'],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(rPrecision, options, { range: [0, 1] }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => rPrecisionBatch(inputs, out, passes),
    };
  },
};
