import { type Static, Type } from '@bladerec/core';

/** Options of the `f1` reward. */
export const F1Options = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: Precision@k and Recall@k over the first k positions.',
    }),
  },
  { additionalProperties: false },
);
export type F1Options = Static<typeof F1Options>;
