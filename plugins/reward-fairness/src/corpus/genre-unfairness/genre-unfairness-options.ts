import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption } from '../../common/options.js';

/** Options of the `mgu` and `dgu` corpus metrics. */
export const GenreUnfairnessOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('category'),
  },
  { additionalProperties: false },
);
export type GenreUnfairnessOptions = Static<typeof GenreUnfairnessOptions>;
