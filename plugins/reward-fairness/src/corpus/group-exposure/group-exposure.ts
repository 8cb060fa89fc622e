import { type CorpusMetricDefinition, corpusMetricMeta, type RewardInput } from '@bladerec/core';
import { attributeInput } from '../../common/attribute.js';
import { groupExposureState, groupExposureValue } from './group-exposure-kernel.js';
import { GroupExposureOptions } from './group-exposure-options.js';

/**
 * Group exposure@K: the share of the position-weighted exposure of all users' top-K slots that goes to
 * one item group (Singh & Joachims 2018, "Fairness of Exposure in Rankings", KDD) — the Exp(g) that
 * `exposure-disparity` compares with reference shares, reported per group:
 *
 *   E_i = Σ_u Σ_{p≤K} 1{L_u[p]=i} v(p),  Exp(g) = Σ_i E_i·w(i,g) / Σ_i E_i·[i has the attribute]
 *
 * - v(p) = 1/log2(1+p) (`weighting: 'position'`, default) or 1; w(i, g) = 1 for i's group (default
 *   `attribute: 'group'`), or 1/|C_i| per category. Each item counts once per list (first slot);
 *   unknown and ungrouped items take their slot but expose no group, so Σ_g Exp(g) = 1.
 * - Edge cases: no attributed exposure → 0 for every group; a `group` outside the item side's values
 *   is an error. Neither higher nor lower is better in itself (`higherIsBetter: true` reads "more
 *   exposure for this group").
 * - `Evaluator.evaluatePerGroup(inputs, 'group-exposure@10')` gives every group's share; runs write it
 *   to `summary.json` (docs/metrics/fairness.md#group-exposure).
 */
export const groupExposure: CorpusMetricDefinition<GroupExposureOptions> = {
  meta: {
    id: 'group-exposure',
    description: "One group's share of the position-weighted exposure of all users' top-K slots (Singh & Joachims).",
    higherIsBetter: true,
    schema: GroupExposureOptions,
    atParameter: 'k',
    formula: 'Exp(g) = Σ_i E_i·w(i, g) / Σ_i E_i,  E_i = Σ_u Σ_{p≤K} 1{L_u[p] = i} v(p)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#group-exposure',
    requires: (options: GroupExposureOptions): readonly RewardInput[] => [attributeInput(options.attribute)],
    properties: [],
  },
  create(options) {
    const state = groupExposureState(options);
    return {
      meta: corpusMetricMeta(groupExposure, options, { range: [0, 1], cutoff: options.k }),
      compute: (inputs) => groupExposureValue(inputs, options, state),
    };
  },
};
