import { type ListRewardDefinition, type RewardInput, type RewardProperty, rewardMeta } from '@bladerec/core';
import { attributeInput } from '../common/attribute.js';
import { ExposureGapState, exposureGapBatch, exposureGapRange } from '../exposure-gap/exposure-gap-kernel.js';
import { calibrationAsExposureGap, CalibrationOptions } from './calibration-options.js';

const PROPERTIES: readonly RewardProperty[] = [
  'cutoff-invariant',
  'duplicates-ignored',
  'group-relabel-invariant',
  'category-relabel-invariant',
];

/**
 * Calibration@K (lower is better): Steck's miscalibration of the list's genre distribution against
 * the user's history (Steck, "Calibrated Recommendations", RecSys 2018), a list reward usable as an
 * objective term (`− 0.1·calibration@10` with weight 0.1).
 *
 *   C_KL = KL(p ‖ q̃) = Σ_g p(g|u) ln(p(g|u) / q̃(g|L)),  q̃ = (1 − a)·q + a·p,  a = 0.01
 *
 * - p: genre distribution of the history (every entry once); q: of the list's top K (each item at
 *   its first slot, slot weight 1 or 1/log2(1+r)); an item spreads 1/|C_i| over its genres.
 * - A preset of `exposure-gap` (`reference: 'history'`, `distance: 'kl'`), computed by its kernel;
 *   `calibrationReference` is written from the paper and the kit holds the two equal.
 * - Edge cases: a list without genre mass → ln(1/a), the range maximum; a history without genre
 *   mass → the catalog's distribution. Range [0, ln(1/a)]. Alias: `calibration@10` = `{ k: 10 }`.
 */
export const calibration: ListRewardDefinition<CalibrationOptions> = {
  meta: {
    id: 'calibration',
    description:
      "Steck's miscalibration KL(p ‖ (1 − a)q + a·p) of the list's genre distribution q against the history's p.",
    higherIsBetter: false,
    schema: CalibrationOptions,
    atParameter: 'k',
    formula: 'C_KL = Σ_g p(g|u) ln(p(g|u) / q̃(g|L)), q̃ = (1 − a)·q + a·p',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#calibration',
    requires: (options: CalibrationOptions): readonly RewardInput[] => [attributeInput(options.attribute), 'history'],
    properties: PROPERTIES,
    unknownItems: 'zero-gain',
  },
  create(options) {
    const gap = calibrationAsExposureGap(options);
    const state = new ExposureGapState(gap);
    const meta = rewardMeta(calibration, options, { range: exposureGapRange(gap), cutoff: options.k });
    return {
      meta: { ...meta, properties: options.weighting === 'uniform' ? [...PROPERTIES, 'order-invariant'] : PROPERTIES },
      score: (inputs, out = new Float64Array(inputs.lists.size)) => exposureGapBatch(inputs, gap, out, state),
    };
  },
};
