import { type ItemSide, UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import {
  arp,
  arpReference,
  selfInformation,
  selfInformationReference,
  tailShare,
  tailShareReference,
} from '../src/internal.js';

const U = UNKNOWN_ITEM;
// popularity 10, 4, 2, 1, 0
const catalog: ItemSide = { numItems: 5, popularity: Float64Array.from([10, 4, 2, 1, 0]) };

new RewardTester({ numRuns: 100 }).run(arp, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => arpReference(ex.list, ex.items, options),
  cases: [
    { name: 'mean popularity: (10 + 4) / 2', lists: [[0, 1]], items: catalog, expected: [7] },
    // the repeat of 1 is skipped: {1, 4} → (4 + 0) / 2
    { name: 'repeats count once', options: { k: 3 }, lists: [[1, 1, 4]], items: catalog, expected: [2] },
    // the unknown item is skipped: {2} → 2; nothing known or an empty list → 0
    { name: 'unknown items skipped; nothing known → 0', lists: [[U, 2], [U], []], items: catalog, expected: [2, 0, 0] },
    { name: 'k = 1', options: { k: 1 }, lists: [[0, 1]], items: catalog, expected: [10] },
  ],
  invalidOptions: [{ options: { k: 0 }, path: 'options.k', rule: 'minimum' }],
});

new RewardTester({ numRuns: 100 }).run(tailShare, {
  options: [{}, { tail: 0.4 }, { tail: 2, k: 3 }, { tail: 1 }],
  reference: (ex, options) => tailShareReference(ex.list, ex.items, options),
  cases: [
    // tail 0.4 of 5 items → the 2 least popular, popularity ≤ 1: items 3 and 4; [3, 4, 0] → 2/3
    {
      name: 'a share of the catalog',
      options: { tail: 0.4 },
      lists: [[3, 4, 0], [0, 1], [U, 4], []],
      items: catalog,
      expected: [2 / 3, 0, 1, 0],
    },
    // tail 2 > 1 is a popularity threshold (RecBole): items 2, 3, 4; [0, 2, 3] → 2/3
    { name: 'a popularity threshold', options: { tail: 2 }, lists: [[0, 2, 3]], items: catalog, expected: [2 / 3] },
    // default 0.1 of 3 items → at least 1 item, popularity ≤ 1; the tie at the cut is included: items 0 and 1
    {
      name: 'ties at the cut are tail',
      lists: [[0, 2], [1]],
      items: { numItems: 3, popularity: Float64Array.from([1, 1, 5]) },
      expected: [1 / 2, 1],
    },
  ],
  invalidOptions: [{ options: { tail: 0 }, path: 'options.tail', rule: 'exclusiveMinimum' }],
});

// α = 1, popularity 15, 7, 3, 1, 0, 0 → p = 16/32, 8/32, 4/32, 2/32, 1/32, 1/32 → 1, 2, 3, 4, 5, 5 bits
const bitsCatalog: ItemSide = { numItems: 6, popularity: Float64Array.from([15, 7, 3, 1, 0, 0]) };
new RewardTester({ numRuns: 100 }).run(selfInformation, {
  options: [{}, { k: 2 }, { smoothing: 0.5 }],
  reference: (ex, options) => selfInformationReference(ex.list, ex.items, options),
  cases: [
    { name: 'mean bits: (1 + 2 + 3) / 3', lists: [[0, 1, 2]], items: bitsCatalog, expected: [2] },
    {
      name: 'repeats once, unknown items skipped: (2 + 4) / 2',
      lists: [[1, 1, U, 3]],
      items: bitsCatalog,
      expected: [3],
    },
    { name: 'nothing known → 0', lists: [[U], []], items: bitsCatalog, expected: [0, 0] },
    // α = 0.5: Σ = 26 + 3 = 29 → item 4: −log2(0.5/29)
    {
      name: 'smoothing',
      options: { smoothing: 0.5 },
      lists: [[4]],
      items: bitsCatalog,
      expected: [Math.log2(29 / 0.5)],
    },
  ],
  invalidOptions: [{ options: { smoothing: 0 }, path: 'options.smoothing', rule: 'exclusiveMinimum' }],
});
