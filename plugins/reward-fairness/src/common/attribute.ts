import type { ItemSide, RewardInput } from '@bladerec/core';

/**
 * The item attribute fairness is measured over:
 * - `category`: the item's category (genre) set; an item with categories C_i gives 1/|C_i| of its
 *   weight to each of them (SPRec's genre mass); an item without categories exposes nothing;
 * - `group`: the item's single group (e.g. a popularity group); group −1 exposes nothing.
 */
export type Attribute = 'category' | 'group';

/** The {@link RewardInput} an attribute is read from. */
export function attributeInput(attribute: Attribute): RewardInput {
  return attribute === 'category' ? 'categories' : 'groups';
}

/**
 * Number of attribute values (categories or groups) of the item side.
 * @throws TypeError when the item side lacks the attribute.
 */
export function attributeCount(items: ItemSide, attribute: Attribute): number {
  if (attribute === 'category') {
    if (!items.categories)
      throw new TypeError('fairness: the item side has no categories (required by attribute "category")');
    return items.categories.count;
  }
  if (!items.groups) throw new TypeError('fairness: the item side has no groups (required by attribute "group")');
  return items.groups.count;
}

/**
 * Adds `weight` of item `id` to `mass`, spread over its attribute values.
 * @returns whether the item has an attribute (and so added any mass).
 */
export function addAttributeMass(
  items: ItemSide,
  attribute: Attribute,
  id: number,
  weight: number,
  mass: Float64Array,
): boolean {
  if (attribute === 'group') {
    const g = items.groups!.of[id]!;
    if (g < 0) return false;
    mass[g]! += weight;
    return true;
  }
  const { offsets, values } = items.categories!;
  const c0 = offsets[id]!;
  const c1 = offsets[id + 1]!;
  if (c1 === c0) return false;
  const share = weight / (c1 - c0);
  for (let c = c0; c < c1; c++) mass[values[c]!]! += share;
  return true;
}
