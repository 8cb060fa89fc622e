import { type Static, Type } from '@bladerec/core';

/** Options of the `ndcg` reward. */
export const NdcgOptions = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k positions are scored.' }),
    gain: Type.Union([Type.Literal('linear'), Type.Literal('exp')], {
      default: 'linear',
      description:
        "Gain of a grade g: 'linear' g (Järvelin–Kekäläinen) or 'exp' 2^g − 1 (Burges). Equal for binary relevance.",
    }),
  },
  { additionalProperties: false },
);
export type NdcgOptions = Static<typeof NdcgOptions>;
