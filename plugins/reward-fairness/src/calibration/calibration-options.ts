import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption } from '../common/options.js';
import type { ExposureGapOptions } from '../exposure-gap/exposure-gap-options.js';

/** Options of the `calibration` reward (Steck 2018). */
export const CalibrationOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('category'),
    alpha: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      default: 0.01,
      description:
        "Steck's smoothing a of the list's distribution towards the history's: q̃ = (1 − a)·q + a·p (0.01 in the paper).",
    }),
    weighting: Type.Union([Type.Literal('uniform'), Type.Literal('position')], {
      default: 'uniform',
      description:
        "Weight of a slot in the list's distribution q: 'uniform' (Steck's w_r = 1) or 'position' 1/log2(1+p).",
    }),
  },
  { additionalProperties: false },
);
export type CalibrationOptions = Static<typeof CalibrationOptions>;

/** Calibration is exposure-gap's `kl` distance against the user's history: the options it maps to. */
export function calibrationAsExposureGap(options: CalibrationOptions): ExposureGapOptions {
  return {
    k: options.k,
    attribute: options.attribute,
    reference: 'history',
    distance: 'kl',
    alpha: options.alpha,
    weighting: options.weighting,
  };
}
