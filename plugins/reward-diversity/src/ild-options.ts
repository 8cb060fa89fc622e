import { type Static, Type } from '@bladerec/core';

/** Options of the `ild` reward. */
export const IldOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the first k slots are the candidates; their distinct known items are scored.',
    }),
    distance: Type.Union([Type.Literal('cosine'), Type.Literal('jaccard')], {
      default: 'cosine',
      description:
        "Pairwise distance: 'cosine' 1 − cos on item embeddings (range [0, 2]) or 'jaccard' 1 − |A∩B|/|A∪B| on category sets (range [0, 1]).",
    }),
  },
  { additionalProperties: false },
);
export type IldOptions = Static<typeof IldOptions>;
