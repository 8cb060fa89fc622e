import { type CorpusMetricDefinition, corpusMetricMeta, type RewardInput } from '@bladerec/core';
import { attributeInput } from '../../common/attribute.js';
import { genreUnfairnessState, mguValue } from './genre-unfairness-kernel.js';
import { GenreUnfairnessOptions } from './genre-unfairness-options.js';

/**
 * MGU@K, mean genre unfairness (lower is better), exactly as SPRec's `eval/evaluate.py`
 * (Gao et al., "SPRec", WWW 2025); Flower uses it over popularity groups (`attribute: 'group'`).
 *
 *   MGU = (1/|G|) Σ_g |gp_g − gh_g|,  g over every category (group) of the catalog
 *
 * - gp: genre mass of all lists' top-K items, each item giving 1/|G(i)| to each of its genres
 *   (each item once per list; unknown items and items without genres skipped); gh: the same over
 *   every history entry of every user. Both normalised to sum 1.
 * - Edge cases: no recommended genre mass → 1, the range maximum (no real corpus reaches it when
 *   |G| > 2); no history genre mass → gh is the catalog's genre distribution.
 * - Range [0, 1] (at most 2/|G|). Alias: `mgu@10` = `{ k: 10 }`.
 */
export const mgu: CorpusMetricDefinition<GenreUnfairnessOptions> = {
  meta: {
    id: 'mgu',
    description: 'Mean genre unfairness (SPRec): mean over genres of |recommended genre share − history genre share|.',
    higherIsBetter: false,
    schema: GenreUnfairnessOptions,
    atParameter: 'k',
    formula: 'MGU = (1/|G|) Σ_g |gp_g − gh_g|',
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
      meta: corpusMetricMeta(mgu, options, { range: [0, 1], cutoff: options.k }),
      compute: (inputs) => mguValue(inputs, state),
    };
  },
};
