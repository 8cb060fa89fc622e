import { type CorpusMetricDefinition, corpusMetricMeta } from '@bladerec/core';
import { GiniState, giniValue } from './gini-kernel.js';
import { GiniOptions } from './gini-options.js';

/**
 * Gini index@K of how recommendations spread over the catalog (lower is more equal), as RecBole's
 * `GiniIndex` (Zhao et al. 2021, CIKM; recbole/evaluator/metrics.py).
 *
 *   Gini = Σ_{i=1}^{|I|} (2i − |I| − 1) P_(i) / (|I| Σ_i P_(i)),  P_(1) ≤ … ≤ P_(|I|)
 *
 * - P_i: how often item i appears in a top K (`weighting: 'count'`), or its exposure
 *   E_i = Σ_u Σ_{p≤K} 1{L_u[p]=i}/log2(1+p) (`'position'`); items never recommended count 0, and
 *   |I| is the whole catalog (`numItems`).
 * - Each item counts once per list (first slot); unknown items are not catalog items and count nowhere.
 * - Edge case: no catalog item recommended at all (Σ P = 0) → 1, the range maximum, so a corpus that
 *   shows nothing never looks equal (many Gini implementations call the all-zero vector perfectly
 *   equal, 0; RecBole never meets the case); a real corpus reaches at most (|I| − 1)/|I|.
 * - Range [0, 1]. Alias: `gini@10` = `{ k: 10 }`.
 */
export const gini: CorpusMetricDefinition<GiniOptions> = {
  meta: {
    id: 'gini',
    description: 'Gini index of item recommendation counts (or exposures) over the whole catalog (RecBole GiniIndex).',
    higherIsBetter: false,
    schema: GiniOptions,
    atParameter: 'k',
    formula: 'Gini = Σ_i (2i − |I| − 1) P_(i) / (|I| Σ_i P_(i))',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#gini',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    const state = new GiniState(options);
    return {
      meta: corpusMetricMeta(gini, options, { range: [0, 1], cutoff: options.k }),
      compute: (inputs) => giniValue(inputs, options.k, state),
    };
  },
};
