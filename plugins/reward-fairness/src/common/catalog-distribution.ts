import type { ItemSide } from '@bladerec/core';
import { type Attribute, addAttributeMass, attributeCount } from './attribute.js';

interface Entry {
  readonly count: number;
  readonly companion: unknown;
  /** Normalised distribution, or `null` when no catalog item has the attribute. */
  readonly distribution: Float64Array | null;
}

/**
 * The attribute distribution of the whole catalog, each item counted once (categories spread
 * 1/|C_i|), computed once per item side and cached in a `WeakMap` keyed by the item side's arrays.
 * Item sides are treated as immutable: an array changed in place is not noticed.
 */
export class CatalogDistribution {
  private readonly cache = new WeakMap<object, Entry>();

  constructor(private readonly attribute: Attribute) {}

  /** The catalog distribution over `0 … count−1`, or `undefined` when no item has the attribute. */
  of(items: ItemSide): Float64Array | undefined {
    const count = attributeCount(items, this.attribute);
    // key: the per-item array; companion: the array that must match too
    const key: object = this.attribute === 'group' ? items.groups!.of : items.categories!.offsets;
    const companion: unknown = this.attribute === 'group' ? undefined : items.categories!.values;
    const hit = this.cache.get(key);
    if (hit && hit.count === count && hit.companion === companion) return hit.distribution ?? undefined;
    const distribution = catalogDistribution(items, this.attribute, count);
    this.cache.set(key, { count, companion, distribution });
    return distribution ?? undefined;
  }
}

function catalogDistribution(items: ItemSide, attribute: Attribute, count: number): Float64Array | null {
  const mass = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < items.numItems; i++) if (addAttributeMass(items, attribute, i, 1, mass)) total += 1;
  if (total === 0) return null;
  for (let g = 0; g < count; g++) mass[g]! /= total;
  return mass;
}
