import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption, ReferenceOption, WeightingOption } from '../common/options.js';

/** Options of the `exposure-gap` reward. */
export const ExposureGapOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('category'),
    reference: ReferenceOption('history'),
    distance: Type.Union([Type.Literal('tv'), Type.Literal('max-min'), Type.Literal('kl')], {
      default: 'tv',
      description:
        "Gap between the list's distribution p and the reference q: 'tv' ½Σ|p−q| ∈ [0,1], 'max-min' max(p−q) − min(p−q) ∈ [0,2] (DGU-like), 'kl' Steck's KL(q ‖ (1−α)p + αq) ∈ [0, ln(1/α)].",
    }),
    alpha: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      default: 0.01,
      description: "Steck's smoothing α of the list distribution for distance 'kl' (ignored otherwise).",
    }),
    weighting: WeightingOption,
  },
  { additionalProperties: false },
);
export type ExposureGapOptions = Static<typeof ExposureGapOptions>;
