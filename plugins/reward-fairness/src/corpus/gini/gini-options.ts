import { type Static, Type } from '@bladerec/core';
import { CutoffOption } from '../../common/options.js';

/** Options of the `gini` corpus metric. */
export const GiniOptions = Type.Object(
  {
    k: CutoffOption,
    weighting: Type.Union([Type.Literal('count'), Type.Literal('position')], {
      default: 'count',
      description:
        "What an item accumulates: 'count' (times in a top k; RecBole) or 'position' (exposure Σ 1/log2(1+p)).",
    }),
  },
  { additionalProperties: false },
);
export type GiniOptions = Static<typeof GiniOptions>;
