import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { mrrBatch } from './mrr-kernel.js';
import { MrrOptions } from './mrr-options.js';

/**
 * MRR@K (mean reciprocal rank; Voorhees, TREC-8 QA track, 1999). Each list scores its reciprocal
 * rank; the mean over lists is taken by the evaluator.
 *
 *   RR@K = 1/p for the first 1-based position p ≤ K holding a relevant item (rel > 0), else 0
 *
 * - Definition as in ranx `mrr`, RecBole `MRR` and TF-Ranking `MRRMetric`
 *   (`reduce_max(relevance · 1/rank)`); Recommenders has no MRR function.
 * - Edge cases: no relevant item → 0; empty list → 0; K > length → the whole list; repeats and
 *   unknown items never hit but keep their slot (an unknown item at rank 1 pushes the hit to rank 2).
 * - Alias: `mrr@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const mrr: ListRewardDefinition<MrrOptions> = {
  meta: {
    id: 'mrr',
    description: 'Reciprocal rank of the first relevant item (grade > 0) in the top k, else 0.',
    higherIsBetter: true,
    schema: MrrOptions,
    atParameter: 'k',
    formula: 'MRR@K = 1/p for the first relevant item at rank p ≤ K, else 0',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#mrrk',
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
      meta: rewardMeta(mrr, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => mrrBatch(inputs, options, out, passes),
    };
  },
};
