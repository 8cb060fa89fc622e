import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption, WeightingOption } from '../../common/options.js';

/** Options of the `group-exposure` corpus metric. */
export const GroupExposureOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('group'),
    weighting: WeightingOption,
    group: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'The attribute value (group or category index, 0-based) whose share of the exposure is reported.',
    }),
  },
  { additionalProperties: false },
);
export type GroupExposureOptions = Static<typeof GroupExposureOptions>;
