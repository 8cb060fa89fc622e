import { type Static, Type } from '@bladerec/core';

/** Options of the `recall` reward. */
export const RecallOptions = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k positions are scored.' }),
  },
  { additionalProperties: false },
);
export type RecallOptions = Static<typeof RecallOptions>;
