import { UNKNOWN_ITEM } from '@bladerec/core';
import fc from 'fast-check';
import type { Scenario } from './scenario.js';

/** Size limits of generated scenarios. Small item spaces make hits, ties and duplicates frequent. */
export interface ScenarioLimits {
  readonly maxItems?: number;
  readonly maxLength?: number;
  readonly maxLists?: number;
  /** Whether lists may contain `UNKNOWN_ITEM` (default true). */
  readonly unknownItems?: boolean;
  /** Whether lists may repeat an item (default true). */
  readonly duplicates?: boolean;
}

const coordinate = fc.oneof(
  fc.integer({ min: -2, max: 2 }).map((x) => x / 2),
  fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }),
);

/**
 * Random scenarios: 1–`maxItems` items with categories (0–3 of up to 5), groups (up to 4, some items
 * without a group), embeddings (1–6 dims, zero vectors included), popularity; 1–`maxLists` lists of
 * 0–`maxLength` items with unknown items and repeats; graded relevance (some rows empty); histories.
 */
export function scenarioArbitrary(limits: ScenarioLimits = {}): fc.Arbitrary<Scenario> {
  const maxItems = limits.maxItems ?? 12;
  const maxLength = limits.maxLength ?? 12;
  const maxLists = limits.maxLists ?? 6;
  return fc.integer({ min: 1, max: maxItems }).chain((numItems) => {
    const item = fc.integer({ min: 0, max: numItems - 1 });
    const slot =
      limits.unknownItems === false
        ? item
        : fc.oneof({ weight: 8, arbitrary: item }, { weight: 1, arbitrary: fc.constant(UNKNOWN_ITEM) });
    const list =
      limits.duplicates === false
        ? fc.uniqueArray(slot, {
            maxLength: Math.min(maxLength, numItems + 1),
            comparator: (a, b) => a === b && a !== UNKNOWN_ITEM,
          })
        : fc.array(slot, { maxLength });
    const relevant = fc
      .uniqueArray(item, { maxLength: Math.min(numItems, 5) })
      .chain((ids) =>
        fc
          .array(fc.constantFrom(1, 1, 1, 2, 3), { minLength: ids.length, maxLength: ids.length })
          .map((g) => new Map(ids.map((id, i) => [id, g[i]!]))),
      );
    const perItem = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: numItems, maxLength: numItems });
    return fc
      .record({
        lists: fc.array(list, { minLength: 1, maxLength: maxLists }),
        extraPad: fc.integer({ min: 0, max: 3 }),
        categoryCount: fc.integer({ min: 1, max: 5 }),
        groupCount: fc.integer({ min: 1, max: 4 }),
        dim: fc.integer({ min: 1, max: 6 }),
        popularity: perItem(fc.nat(50)),
      })
      .chain((base) =>
        fc
          .record({
            relevant: fc.array(relevant, { minLength: base.lists.length, maxLength: base.lists.length }),
            history: fc.array(fc.array(item, { maxLength: 8 }), {
              minLength: base.lists.length,
              maxLength: base.lists.length,
            }),
            categoryOf: perItem(fc.uniqueArray(fc.integer({ min: 0, max: base.categoryCount - 1 }), { maxLength: 3 })),
            groupOf: perItem(fc.integer({ min: -1, max: base.groupCount - 1 })),
            embedding: perItem(fc.array(coordinate, { minLength: base.dim, maxLength: base.dim })),
          })
          .map((rest): Scenario => ({
            numItems,
            lists: base.lists,
            extraPad: base.extraPad,
            relevant: rest.relevant,
            history: rest.history,
            categories: { count: base.categoryCount, ofItem: rest.categoryOf },
            groups: { count: base.groupCount, of: rest.groupOf },
            embeddings: { dim: base.dim, data: rest.embedding },
            popularity: base.popularity,
          })),
      );
  });
}

/** A random permutation of `0 … n−1`. */
export function permutationArbitrary(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  );
}
