import { type Static, Type } from '@bladerec/core';

/** Options of the `r-precision` reward: none (the cutoff is each user's own |R|). */
export const RPrecisionOptions = Type.Object({}, { additionalProperties: false });
export type RPrecisionOptions = Static<typeof RPrecisionOptions>;
