import { type CorpusMetricDefinition, corpusMetricMeta, type RewardInput } from '@bladerec/core';
import { attributeInput } from '../../common/attribute.js';
import { dguValue, genreUnfairnessState } from './genre-unfairness-kernel.js';
import { GenreUnfairnessOptions } from './genre-unfairness-options.js';

/**
 * DGU@K, difference of genre unfairness (lower is better), exactly as SPRec's `eval/evaluate.py`
 * (Gao et al., "SPRec", WWW 2025); Flower uses it over popularity groups (`attribute: 'group'`).
 *
 *   DGU = max_g d_g − min_g d_g,  d_g = gp_g − gh_g,  g over every category (group) of the catalog
 *
 * - gp and gh as for {@link mgu}.
 * - Edge cases: no recommended genre mass → 2, the range maximum; no history genre mass → gh is the
 *   catalog's genre distribution; a single genre → 0.
 * - Range [0, 2]. Alias: `dgu@10` = `{ k: 10 }`.
 */
export const dgu: CorpusMetricDefinition<GenreUnfairnessOptions> = {
  meta: {
    id: 'dgu',
    description:
      'Difference of genre unfairness (SPRec): max − min over genres of (recommended genre share − history genre share).',
    higherIsBetter: false,
    schema: GenreUnfairnessOptions,
    atParameter: 'k',
    formula: 'DGU = max_g (gp_g − gh_g) − min_g (gp_g − gh_g)',
    docsUrl: 'https://github.com/bladerec/bladerec/blob/main/docs/metrics/fairness.md#mgu-and-dgu',
    requires: (options: GenreUnfairnessOptions): readonly RewardInput[] => [
      attributeInput(options.attribute),
      'history',
      ...(options.recommended === 'users-with-relevant' ? (['relevance'] as const) : []),
    ],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    const state = genreUnfairnessState(options);
    return {
      meta: corpusMetricMeta(dgu, options, { range: [0, 2], cutoff: options.k }),
      compute: (inputs) => dguValue(inputs, state),
    };
  },
};
