import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption, ReferenceOption, WeightingOption } from '../../common/options.js';

/** Options of the `exposure-disparity` corpus metric. */
export const ExposureDisparityOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('group'),
    reference: ReferenceOption('catalog'),
    reduce: Type.Union([Type.Literal('mean-abs'), Type.Literal('max-min')], {
      default: 'mean-abs',
      description:
        "Reduction of the gaps Exp(g) − s_g: 'mean-abs' Σ|Exp − s|/|G| ∈ [0,1] or 'max-min' max − min ∈ [0,2].",
    }),
    weighting: WeightingOption,
  },
  { additionalProperties: false },
);
export type ExposureDisparityOptions = Static<typeof ExposureDisparityOptions>;
