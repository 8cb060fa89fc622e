import { type Static, Type } from '@bladerec/core';

/** Options of the `map` reward. */
export const MapOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: only hits in the first k positions add precision.',
    }),
  },
  { additionalProperties: false },
);
export type MapOptions = Static<typeof MapOptions>;
