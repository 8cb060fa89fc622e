import type { ItemSide } from '@bladerec/core';

/**
 * Category sets in the form the Jaccard kernel reads fastest:
 * - `bits`: one 32-bit mask per item, when every category id is in `0 … 31`;
 * - `sorted`: otherwise, each item's categories sorted ascending and without repeats (CSR).
 */
export type CategorySets =
  | { readonly kind: 'bits'; readonly masks: Int32Array }
  | { readonly kind: 'sorted'; readonly offsets: Int32Array; readonly values: Int32Array };

type Categories = NonNullable<ItemSide['categories']>;

const cache = new WeakMap<Categories['values'], { offsets: Int32Array; numItems: number; sets: CategorySets }>();

/**
 * The {@link CategorySets} of the first `numItems` rows of a category table, built once per table
 * and cached (weakly, so it goes when the table does). The table is taken to be immutable.
 * @throws RangeError if the table has fewer than `numItems` rows.
 */
export function categorySets(categories: Categories, numItems: number): CategorySets {
  const cached = cache.get(categories.values);
  if (cached && cached.offsets === categories.offsets && cached.numItems === numItems) return cached.sets;
  if (categories.offsets.length - 1 < numItems)
    throw new RangeError(`categories: ${categories.offsets.length - 1} rows for ${numItems} items`);
  const sets = fitsInBits(categories, numItems) ? toBits(categories, numItems) : toSorted(categories, numItems);
  cache.set(categories.values, { offsets: categories.offsets, numItems, sets });
  return sets;
}

function fitsInBits({ offsets, values }: Categories, numItems: number): boolean {
  for (let v = offsets[0]!; v < offsets[numItems]!; v++) if (values[v]! < 0 || values[v]! > 31) return false;
  return true;
}

function toBits({ offsets, values }: Categories, numItems: number): CategorySets {
  const masks = new Int32Array(numItems);
  for (let i = 0; i < numItems; i++) {
    let m = 0;
    for (let v = offsets[i]!; v < offsets[i + 1]!; v++) m |= 1 << values[v]!;
    masks[i] = m;
  }
  return { kind: 'bits', masks };
}

function toSorted({ offsets, values }: Categories, numItems: number): CategorySets {
  const outOffsets = new Int32Array(numItems + 1);
  const outValues = new Int32Array(offsets[numItems]! - offsets[0]!);
  let n = 0;
  for (let i = 0; i < numItems; i++) {
    const row = values.slice(offsets[i]!, offsets[i + 1]!).sort();
    for (let v = 0; v < row.length; v++) if (v === 0 || row[v] !== row[v - 1]) outValues[n++] = row[v]!;
    outOffsets[i + 1] = n;
  }
  return { kind: 'sorted', offsets: outOffsets, values: outValues.subarray(0, n) };
}

/** Number of set bits of a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
