import { type Static, Type } from '@bladerec/core';

/** Options of the `mrr` (reciprocal rank) reward. */
export const MrrOptions = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k positions are scored.' }),
  },
  { additionalProperties: false },
);
export type MrrOptions = Static<typeof MrrOptions>;
