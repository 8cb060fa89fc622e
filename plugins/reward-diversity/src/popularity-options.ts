import { type Static, Type } from '@bladerec/core';

/** Options of the `arp` reward. */
export const ArpOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the distinct catalog items in the first k slots are averaged.',
    }),
  },
  { additionalProperties: false },
);
export type ArpOptions = Static<typeof ArpOptions>;

/** Options of the `tail-share` reward. */
export const TailShareOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the distinct catalog items in the first k slots are counted.',
    }),
    tail: Type.Number({
      exclusiveMinimum: 0,
      default: 0.1,
      description:
        'The long tail: ≤ 1 is a share of the catalog (the ⌊tail·|I|⌋ least popular items, at least 1, ties at the cut included); > 1 is a popularity threshold (items with popularity ≤ tail), as RecBole `tail_ratio`.',
    }),
  },
  { additionalProperties: false },
);
export type TailShareOptions = Static<typeof TailShareOptions>;

/** Options of the `self-information` (novelty) reward. */
export const SelfInformationOptions = Type.Object(
  {
    k: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Cutoff: the distinct catalog items in the first k slots are scored.',
    }),
    smoothing: Type.Number({
      exclusiveMinimum: 0,
      default: 1,
      description:
        'Additive smoothing α of the popularity distribution p(i) = (pop(i) + α) / (Σ pop + α·|I|); > 0 keeps items never interacted with finite.',
    }),
  },
  { additionalProperties: false },
);
export type SelfInformationOptions = Static<typeof SelfInformationOptions>;
