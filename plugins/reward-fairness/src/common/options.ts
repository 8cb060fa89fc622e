import { Type } from '@bladerec/core';

/** Schema fragments shared by the options of every fairness reward and metric. */

export const CutoffOption = Type.Integer({
  minimum: 1,
  default: 10,
  description: 'Cutoff: only the first k positions of each list are scored.',
});

export const AttributeOption = (fallback: 'category' | 'group') =>
  Type.Union([Type.Literal('category'), Type.Literal('group')], {
    default: fallback,
    description:
      "Attribute: 'category' (each item spreads 1/|C_i| over its categories) or 'group' (one group per item; −1 = none).",
  });

export const WeightingOption = Type.Union([Type.Literal('position'), Type.Literal('uniform')], {
  default: 'position',
  description:
    "Slot weight: 'position' v(p) = 1/log2(1+p) (Singh & Joachims 2018) or 'uniform' (1 per slot of the top k).",
});

export const ReferenceOption = (fallback: 'history' | 'catalog' | 'uniform') =>
  Type.Union([Type.Literal('history'), Type.Literal('catalog'), Type.Literal('uniform')], {
    default: fallback,
    description:
      "Reference distribution: 'history' (the attribute distribution of the history items; falls back to 'catalog' when it has no attribute mass), 'catalog' (every catalog item once) or 'uniform'.",
  });
