import type { ItemSide } from '@bladerec/core';
import type { Attribute } from './attribute.js';

/**
 * Readable helper for the reference implementations: the attribute values of item `id` with the
 * share of the item each receives (1/|C_i| per category; 1 for the item's group). Empty for unknown
 * items (negative ids or ids ≥ numItems) and items without the attribute.
 */
export function attributeShares(items: ItemSide, attribute: Attribute, id: number): Map<number, number> {
  const shares = new Map<number, number>();
  if (id < 0 || id >= items.numItems) return shares;
  if (attribute === 'group') {
    const g = items.groups!.of[id]!;
    if (g >= 0) shares.set(g, 1);
    return shares;
  }
  const { offsets, values } = items.categories!;
  const cats = Array.from(values.subarray(offsets[id]!, offsets[id + 1]!));
  for (const c of cats) shares.set(c, (shares.get(c) ?? 0) + 1 / cats.length);
  return shares;
}

/** Normalises non-negative masses to sum 1 over `0 … count−1`; `undefined` when they sum to 0. */
export function normalise(mass: ReadonlyMap<number, number>, count: number): number[] | undefined {
  const total = [...mass.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  return Array.from({ length: count }, (_, g) => (mass.get(g) ?? 0) / total);
}

/** Adds `weight` × the attribute shares of `id` into `mass`. */
export function addShares(
  mass: Map<number, number>,
  items: ItemSide,
  attribute: Attribute,
  id: number,
  weight: number,
): void {
  for (const [g, share] of attributeShares(items, attribute, id)) mass.set(g, (mass.get(g) ?? 0) + weight * share);
}
