import { type Static, Type } from '@bladerec/core';

/** Options of the corpus metrics `coverage`, `div-ratio` and `or-ratio`. */
export const TopKOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description:
        'Cutoff: only the first k slots of each list count (and K·#users is the denominator of div-ratio and or-ratio).',
    }),
  },
  { additionalProperties: false },
);
export type TopKOptions = Static<typeof TopKOptions>;
