import { type CorpusMetricDefinition, corpusMetricMeta, type RewardInput } from '@bladerec/core';
import { attributeInput } from '../../common/attribute.js';
import { ShareState } from '../share-gap-kernel.js';
import { DISPARITY_MAXIMUM, exposureDisparityValue } from './exposure-disparity-kernel.js';
import { ExposureDisparityOptions } from './exposure-disparity-options.js';

/**
 * Group exposure disparity@K (lower is better): how far the groups' shares of position-weighted
 * exposure over all users are from reference shares (Singh & Joachims 2018, "Fairness of Exposure
 * in Rankings", KDD; an exposure-weighted MGU/DGU).
 *
 *   E_i = Σ_u Σ_{p≤K} 1{L_u[p]=i} v(p),  Exp(g) = Σ_i E_i·w(i,g) / Σ_i E_i·[i has the attribute]
 *   mean-abs = Σ_g |Exp(g) − s_g| / |G|,  max-min = max_g (Exp(g) − s_g) − min_g (Exp(g) − s_g)
 *
 * - v(p) = 1/log2(1+p) (`weighting: 'position'`) or 1; w(i, g) = 1 for i's group, or 1/|C_i| per
 *   category. Each item counts once per list (first slot); unknown and ungrouped items take their
 *   slot but their exposure is not attributed to any group (shares are over attributed exposure).
 * - s (`reference`): `catalog` (default: the group's share of catalog items, i.e. exposure
 *   proportional to group size, Singh & Joachims' demographic parity), pooled `history` of all
 *   users (falls back to the catalog when it has no attribute mass), or `uniform`.
 * - Edge case: no attributed exposure at all → the range maximum (1 for mean-abs, 2 for max-min).
 * - `{ weighting: 'uniform', reference: 'history' }` with `attribute: 'category'` is SPRec's MGU
 *   (mean-abs) and DGU (max-min). Alias: `exposure-disparity@10` = `{ k: 10 }`.
 */
export const exposureDisparity: CorpusMetricDefinition<ExposureDisparityOptions> = {
  meta: {
    id: 'exposure-disparity',
    description:
      "Group exposure disparity: gap between the groups' shares of position-weighted exposure and reference shares (catalog, history or uniform).",
    higherIsBetter: false,
    schema: ExposureDisparityOptions,
    atParameter: 'k',
    formula: 'Σ_g |Exp(g) − s_g| / |G|  or  max_g (Exp(g) − s_g) − min_g (Exp(g) − s_g)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#exposure-disparity',
    requires: (options: ExposureDisparityOptions): readonly RewardInput[] =>
      options.reference === 'history'
        ? [attributeInput(options.attribute), 'history']
        : [attributeInput(options.attribute)],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    const state = new ShareState(options);
    return {
      meta: corpusMetricMeta(exposureDisparity, options, {
        range: [0, DISPARITY_MAXIMUM[options.reduce]],
        cutoff: options.k,
      }),
      compute: (inputs) => exposureDisparityValue(inputs, options, state),
    };
  },
};
