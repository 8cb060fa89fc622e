import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { hrBatch } from './hr-kernel.js';
import { HrOptions } from './hr-options.js';

/**
 * HR@K (hit rate, "success@K"): whether the top K positions hold at least one relevant item
 * (Deshpande & Karypis, Item-based top-N recommendation algorithms, ACM TOIS 22(1), 2004).
 *
 *   HR@K = 1{ |L^K ∩ R| > 0 },  R = { i : rel(i) > 0 }
 *
 * - Definition as in RecBole `Hit` (`cumsum > 0`), ranx `hit_rate` (trec_eval `success`) and
 *   TF-Ranking `HitsMetric`; with a single target HR@K = Recall@K (the LLM-rec standard).
 * - Edge cases: no relevant item → 0; empty list → 0; K > length → the whole list; repeats and
 *   unknown items never add a hit (unknown items keep their slot).
 * - Alias: `hr@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const hr: ListRewardDefinition<HrOptions> = {
  meta: {
    id: 'hr',
    description: 'Hit rate: 1 if the top k hold a relevant item (grade > 0), else 0.',
    higherIsBetter: true,
    schema: HrOptions,
    atParameter: 'k',
    formula: 'HR@K = 1{|L^K ∩ R| > 0}',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#hrk',
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
      meta: rewardMeta(hr, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => hrBatch(inputs, options, out, passes),
    };
  },
};
