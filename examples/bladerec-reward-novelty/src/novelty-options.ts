import { type Static, Type } from '@bladerec/core';

/** Options of the `novelty` reward (TypeBox: one definition gives the JSON Schema and the type). */
export const NoveltyOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the first k slots are the candidates; their distinct known items are scored.',
    }),
    smoothing: Type.Number({
      exclusiveMinimum: 0,
      default: 1,
      description:
        'Additive (Laplace) smoothing α of the popularity distribution: p(i) = (pop(i) + α) / (Σ pop + α·|I|). Must be > 0 so that never-seen items stay finite.',
    }),
  },
  { additionalProperties: false },
);
export type NoveltyOptions = Static<typeof NoveltyOptions>;
