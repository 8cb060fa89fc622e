import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { mapBatch } from './map-kernel.js';
import { MapOptions } from './map-options.js';

/**
 * AP@K, average precision at K; its mean over users is MAP@K (ranx `map`; Manning, Raghavan &
 * Schütze 2008, §8.4).
 *
 *   AP@K = (1/|R|) Σ_{p ≤ K, i_p ∈ R} Precision@p,  R = { i : rel(i) > 0 }
 *
 * - Divides by |R| (ranx), not by min(|R|, K): a user with more relevant items than K cannot reach 1.
 * - Edge cases: no relevant item → 0; empty list → 0; a repeat never hits but keeps its slot;
 *   unknown items never hit. Alias: `map@10` = `{ k: 10 }`. Docs: `docs/metrics/recall.md`.
 */
export const map: ListRewardDefinition<MapOptions> = {
  meta: {
    id: 'map',
    description:
      'Average precision at k (mean over users = MAP@k): the precision at each relevant hit in the top k, summed and divided by |R|.',
    higherIsBetter: true,
    schema: MapOptions,
    atParameter: 'k',
    formula: 'AP@K = (1/|R|) Σ_{p ≤ K, i_p ∈ R} Precision@p',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/recall.md#mapk',
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
      meta: rewardMeta(map, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size), passes) => mapBatch(inputs, options, out, passes),
    };
  },
};
