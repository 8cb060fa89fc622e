import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { TailShareOptions } from './popularity-options.js';
import { tailShareBatch } from './tail-share-kernel.js';

/**
 * Tail share@K (RecBole `TailPercentage`; APLT, the average percentage of long-tail items of
 * Abdollahpouri et al., FLAIRS 2019): the share of the list's top-K items in the catalog's long tail.
 *
 *   TailShare@K = |L^K ∩ T| / |L^K|,  L^K = the distinct catalog items in the first K slots
 *
 * - T (option `tail`, default 0.1): > 1, the items with popularity ≤ tail (RecBole); ≤ 1, the
 *   ⌊tail·|I|⌋ least popular catalog items with ties at the cut included (RecBole breaks ties by item
 *   id and leaves items without interactions out of its item counter).
 * - Unknown items and repeats are skipped; a list without catalog items → 0. Higher is better (less
 *   popularity bias). Range [0, 1]. Alias: `tail-share@10` = `{ k: 10 }`. Docs: `docs/metrics/popularity.md`.
 */
export const tailShare: ListRewardDefinition<TailShareOptions> = {
  meta: {
    id: 'tail-share',
    description: "Share of the top k's distinct items in the catalog's long tail (RecBole TailPercentage, APLT).",
    higherIsBetter: true,
    schema: TailShareOptions,
    atParameter: 'k',
    formula: 'TailShare@K = |L^K ∩ T| / |L^K|',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/popularity.md#tail-share',
    requires: ['popularity'],
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
      meta: rewardMeta(tailShare, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => tailShareBatch(inputs, options, out),
    };
  },
};
