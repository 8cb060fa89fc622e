import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { arpBatch } from './arp-kernel.js';
import { ArpOptions } from './popularity-options.js';

/**
 * ARP@K, average recommended popularity (RecBole `AveragePopularity`; Abdollahpouri et al., FLAIRS
 * 2019): the mean catalog popularity (e.g. training interaction count) of the list's top-K items;
 * its mean over users is RecBole's value. Lower means less popularity bias.
 *
 *   ARP@K = (1/|L^K|) Σ_{i ∈ L^K} pop(i),  L^K = the distinct catalog items in the first K slots
 *
 * - Unknown items and repeats are skipped (`unknownItems: 'skipped'`); a list without catalog items → 0.
 * - RecBole divides by K and counts an item without interactions as 0; for lists of K distinct catalog
 *   items (RecBole's case) the two agree.
 * - Range [0, ∞). Alias: `arp@10` = `{ k: 10 }`. Docs: `docs/metrics/popularity.md`.
 */
export const arp: ListRewardDefinition<ArpOptions> = {
  meta: {
    id: 'arp',
    description:
      'Average recommended popularity (RecBole AveragePopularity): mean catalog popularity of the distinct items in the top k.',
    higherIsBetter: false,
    schema: ArpOptions,
    atParameter: 'k',
    formula: 'ARP@K = (1/|L^K|) Σ_{i ∈ L^K} pop(i)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/popularity.md#arp',
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
      meta: rewardMeta(arp, options, { range: [0, Number.POSITIVE_INFINITY], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => arpBatch(inputs, options, out),
    };
  },
};
