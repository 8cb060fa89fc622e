import { type ListRewardDefinition, type RewardInput, type RewardProperty, rewardMeta } from '@bladerec/core';
import { attributeInput } from '../common/attribute.js';
import { ExposureGapState, exposureGapBatch, exposureGapRange } from './exposure-gap-kernel.js';
import { ExposureGapOptions } from './exposure-gap-options.js';

/** Properties that hold for every option set. */
const PROPERTIES: readonly RewardProperty[] = [
  'cutoff-invariant',
  'duplicates-ignored',
  'group-relabel-invariant',
  'category-relabel-invariant',
];

/**
 * Exposure gap@K (lower is better): how far the list's exposure distribution p over an attribute
 * (categories or groups) is from a reference distribution q. The per-list fairness term `Gap_x` of
 * the BLADE objective `NDCG + λ_div·ILD − λ_fair·Gap_x`.
 *
 *   p_g = Σ_{p≤K} v(p)·w(i_p, g) / Σ_{p≤K} v(p)·[i_p has the attribute]
 *
 * - v(p) = 1/log2(1+p) (`weighting: 'position'`, Singh & Joachims 2018, KDD) or 1 (`'uniform'`);
 *   w(i, g) = 1/|C_i| for each category of i (SPRec's genre mass) or 1 for i's group.
 * - q (`reference`): the user's history items (default; every history entry counts once), the
 *   whole catalog (each item once), or uniform over every category/group.
 * - `distance`: `tv` ½Σ|p−q| ∈ [0,1] (half the L1 proxy of MGU); `max-min` max(p−q) − min(p−q)
 *   ∈ [0,2] (DGU-like); `kl` Steck's calibration (Steck 2018, RecSys) KL(q ‖ p̃) = Σ q ln(q/p̃)
 *   with the *reference* first and the list smoothed, p̃ = (1−α)p + αq, ∈ [0, ln(1/α)]. (Steck
 *   writes p for the history and q for the list: the same quantity with the letters swapped.)
 * - Edge cases: a list with no exposure mass (empty, only unknown items, or no item with the
 *   attribute) shows nothing fairly and scores the range maximum (1, 2 or ln(1/α)), never better
 *   than any list that shows something; an empty history, or one without attribute mass, falls back
 *   to the catalog distribution; a repeated item counts at its first slot only; unknown items keep
 *   their slot (pushing later items down) but expose nothing; slots beyond K are ignored.
 * - Declared properties: cutoff-invariant, duplicates-ignored, group- and category-relabel-invariant,
 *   and order-invariant (within the top K) with `weighting: 'uniform'`.
 * - Alias: `exposure-gap@10` = `{ k: 10 }`.
 */
export const exposureGap: ListRewardDefinition<ExposureGapOptions> = {
  meta: {
    id: 'exposure-gap',
    description:
      "Distance between the list's position-weighted category or group exposure and a reference distribution (history, catalog or uniform).",
    higherIsBetter: false,
    schema: ExposureGapOptions,
    atParameter: 'k',
    formula: 'gap = D(p, q), p_g ∝ Σ_{p≤K} v(p)·w(i_p, g); D = ½Σ|p−q| | max(p−q)−min(p−q) | KL(q ‖ (1−α)p+αq)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#exposure-gap',
    requires: (options: ExposureGapOptions): readonly RewardInput[] =>
      options.reference === 'history'
        ? [attributeInput(options.attribute), 'history']
        : [attributeInput(options.attribute)],
    properties: PROPERTIES,
    unknownItems: 'zero-gain',
  },
  create(options) {
    const state = new ExposureGapState(options);
    const meta = rewardMeta(exposureGap, options, { range: exposureGapRange(options), cutoff: options.k });
    return {
      meta: { ...meta, properties: options.weighting === 'uniform' ? [...PROPERTIES, 'order-invariant'] : PROPERTIES },
      score: (inputs, out = new Float64Array(inputs.lists.size)) => exposureGapBatch(inputs, options, out, state),
    };
  },
};
