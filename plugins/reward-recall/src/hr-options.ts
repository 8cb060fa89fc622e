import { type Static, Type } from '@bladerec/core';

/** Options of the `hr` (hit rate) reward. */
export const HrOptions = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k positions are scored.' }),
  },
  { additionalProperties: false },
);
export type HrOptions = Static<typeof HrOptions>;
