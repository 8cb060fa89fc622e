import { type Static, Type } from '@bladerec/core';

/** Options of the `entropy` corpus metric. */
export const EntropyOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the items in the first k slots of each list are counted.',
    }),
    normalization: Type.Union([Type.Literal('distinct-items'), Type.Literal('none')], {
      default: 'distinct-items',
      description:
        "'distinct-items': divide by the number of distinct recommended items, as RecBole ShannonEntropy does; 'none': plain entropy in nats.",
    }),
  },
  { additionalProperties: false },
);
export type EntropyOptions = Static<typeof EntropyOptions>;
