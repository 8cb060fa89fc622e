import { type Static, Type } from '@bladerec/core';

/** Options of the `precision` reward. */
export const PrecisionOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description:
        'Cutoff: only the first k positions are scored; k is also the denominator, even for lists shorter than k.',
    }),
  },
  { additionalProperties: false },
);
export type PrecisionOptions = Static<typeof PrecisionOptions>;
