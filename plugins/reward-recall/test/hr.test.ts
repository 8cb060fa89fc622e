import { RewardTester } from '@bladerec/testkit';
import { hr, hrReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(hr, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => hrReference(ex.list, ex.relevant, options),
  cases: [
    // R = {7}, 7 at rank 2 ≤ 10 → 1
    {
      name: 'single target inside the cutoff',
      options: { k: 10 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1],
    },
    // k = 2, R = {1}: rank 1 → 1; absent → 0; rank 3 > k → 0
    {
      name: 'hit at rank 1, miss, below cutoff',
      options: { k: 2 },
      lists: [
        [1, 2, 3],
        [2, 3, 4],
        [2, 3, 1],
      ],
      relevant: [[1], [1], [1]],
      items: { numItems: 5 },
      expected: [1, 0, 0],
    },
    // all-zero: R = ∅ → 0; empty list → 0; no relevant item shown → 0
    {
      name: 'no relevant item, empty list, no hit',
      options: { k: 10 },
      lists: [[1, 2], [], [3, 4]],
      relevant: [[], [1], [0, 1]],
      items: { numItems: 5 },
      expected: [0, 0, 0],
    },
    // k = 3, R = {1, 3, 5}: [0,1,2,3] hits 1 → 1; [5,3,1] hits three times → still 1 (an indicator, not a count)
    {
      name: 'several relevant items',
      options: { k: 3 },
      lists: [
        [0, 1, 2, 3],
        [5, 3, 1],
      ],
      relevant: [
        [1, 3, 5],
        [1, 3, 5],
      ],
      items: { numItems: 6 },
      expected: [1, 1],
    },
    // graded input is binarised: grade 3 → 1 (not 3); grade 0 → not relevant
    {
      name: 'graded relevance counts as binary',
      options: { k: 10 },
      lists: [
        [1, 4],
        [0, 4],
      ],
      relevant: [
        new Map([
          [0, 1],
          [1, 3],
        ]),
        new Map([
          [0, 0],
          [1, 2],
        ]),
      ],
      items: { numItems: 5 },
      expected: [1, 0],
    },
    // repeats add nothing: [2, 2] with R = {2} → 1 (not 2)
    {
      name: 'duplicates count once',
      options: { k: 10 },
      lists: [[2, 2]],
      relevant: [[2]],
      items: { numItems: 3 },
      expected: [1],
    },
    // unknown items keep their slot: k = 1, [−2, 4] → the only slot is unknown → 0; k = 1, [4, −2] → 1
    {
      name: 'unknown item takes the only slot',
      options: { k: 1 },
      lists: [
        [-2, 4],
        [4, -2],
      ],
      relevant: [[4], [4]],
      items: { numItems: 5 },
      expected: [0, 1],
    },
    // k = 20 > length: [3] with R = {3} → 1; [2] → 0
    {
      name: 'K larger than the list',
      options: { k: 20 },
      lists: [[3], [2]],
      relevant: [[3], [3]],
      items: { numItems: 4 },
      expected: [1, 0],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { k: '10' }, path: 'options.k', rule: 'type' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});
