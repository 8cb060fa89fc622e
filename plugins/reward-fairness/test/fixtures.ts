import { csrFromArrays, type ItemSide } from '@bladerec/core';

/**
 * Catalog used by the hand-computed cases: 4 items, 2 categories, 2 groups.
 *
 *   item   categories   group
 *   0      {0}          0
 *   1      {1}          1
 *   2      {0, 1}       1
 *   3      {}          −1
 *
 * Catalog category mass: c0 = 1 + ½ = 1.5, c1 = 1.5 (of 3 attributed items) → (½, ½).
 * Catalog group mass: g0 = 1, g1 = 2 (item 3 has none) → (⅓, ⅔).
 */
export const CATALOG: ItemSide & { numItems: number } = {
  numItems: 4,
  categories: { ...csrFromArrays([[0], [1], [0, 1], []]), count: 2 },
  groups: { of: Int32Array.from([0, 1, 1, -1]), count: 2 },
};

/** 3 items with one category each, of 3 categories: (item i → category i). */
export const THREE: ItemSide & { numItems: number } = {
  numItems: 3,
  categories: { ...csrFromArrays([[0], [1], [2]]), count: 3 },
  groups: { of: Int32Array.from([0, 1, 2]), count: 3 },
};

/** 1/log2(1+p): the position weight of 1-based slot p. */
export const v = (p: number) => 1 / Math.log2(1 + p);
