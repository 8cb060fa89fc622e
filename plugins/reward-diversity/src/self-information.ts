import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { SelfInformationOptions } from './popularity-options.js';
import { selfInformationBatch } from './self-information-kernel.js';

/**
 * Novelty@K as the mean self-information of the recommended items (Zhou et al., "Solving the
 * apparent diversity–accuracy dilemma of recommender systems", PNAS 2010; MS Recommenders `novelty`):
 *
 *   self-information@K = (1/n) Σ_{i ∈ L^K} −log2 p(i),  p(i) = (pop(i) + α) / (Σ_j pop(j) + α·|I|)
 *
 * - Built in under the id `self-information` (the example plugin `bladerec-reward-novelty`, the
 *   plugin-writing tutorial, registers `novelty` with the same formula; both can be loaded).
 * - Recommenders uses α = 0 over training items only; α > 0 keeps never-seen items finite.
 * - Unknown items and repeats skipped; nothing known → 0. Range [0, ∞). Higher is better.
 * - Alias: `self-information@10` = `{ k: 10 }`. Docs: `docs/metrics/popularity.md`.
 */
export const selfInformation: ListRewardDefinition<SelfInformationOptions> = {
  meta: {
    id: 'self-information',
    description:
      'Novelty: mean self-information −log2 p(i) of the distinct items in the top k, p the smoothed catalog popularity distribution.',
    higherIsBetter: true,
    schema: SelfInformationOptions,
    atParameter: 'k',
    formula: 'novelty@K = (1/n) Σ_{i ∈ L^K} −log2((pop(i) + α) / (Σ pop + α|I|))',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/popularity.md#novelty-self-information',
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
      meta: rewardMeta(selfInformation, options, { range: [0, Number.POSITIVE_INFINITY], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => selfInformationBatch(inputs, options, out),
    };
  },
};
