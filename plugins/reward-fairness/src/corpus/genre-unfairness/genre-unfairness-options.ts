import { type Static, Type } from '@bladerec/core';
import { AttributeOption, CutoffOption } from '../../common/options.js';

/** Options of the `mgu` and `dgu` corpus metrics. */
export const GenreUnfairnessOptions = Type.Object(
  {
    k: CutoffOption,
    attribute: AttributeOption('category'),
    recommended: Type.Union([Type.Literal('all-users'), Type.Literal('users-with-relevant')], {
      default: 'all-users',
      description:
        "Whose lists make up gp: 'all-users', or 'users-with-relevant' (only users with a relevant catalog item, as SPRec counts recommended genres only for users whose target is in the catalog; gh still pools every user's history).",
    }),
  },
  { additionalProperties: false },
);
export type GenreUnfairnessOptions = Static<typeof GenreUnfairnessOptions>;
