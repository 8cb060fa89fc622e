import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { recallBatch } from './recall-kernel.js';
import { RecallOptions } from './recall-options.js';

/**
 * Recall@K: the share of the relevant items that the top K positions retrieve (Manning, Raghavan &
 * Schütze, Introduction to Information Retrieval, 2008, §8.3).
 *
 *   Recall@K = |L^K ∩ R| / |R|,  R = { i : rel(i) > 0 } (graded input is binarised)
 *
 * - Definition as in ranx `recall` (`hits / |qrels|`), TF-Ranking `RecallMetric` and Recommenders
 *   `recall_at_k` (`hit / actual`); with a single target it equals HR@K.
 * - Edge cases: no relevant item → 0 (ranx; TF-Ranking `divide_no_nan`); empty list → 0;
 *   K > length → the whole list, still divided by |R|; a repeated item counts once (first
 *   occurrence); an unknown item never hits but keeps its slot.
 * - Alias: `recall@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const recall: ListRewardDefinition<RecallOptions> = {
  meta: {
    id: 'recall',
    description: 'Share of the relevant items found in the top k (binary relevance: grade > 0).',
    higherIsBetter: true,
    schema: RecallOptions,
    atParameter: 'k',
    formula: 'Recall@K = |L^K ∩ R| / |R|  (0 when R = ∅)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#recallk',
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
      meta: rewardMeta(recall, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => recallBatch(inputs, options, out, passes),
    };
  },
};
