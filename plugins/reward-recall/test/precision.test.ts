import { RewardTester } from '@bladerec/testkit';
import { precision, precisionReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(precision, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => precisionReference(ex.list, ex.relevant, options),
  cases: [
    // R = {7}: k = 3 → 1 hit / 3 slots; k = 10 on the same 3-item list → 1/10 (divided by K, not by 3)
    {
      name: 'single target, k = 3',
      options: { k: 3 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1 / 3],
    },
    {
      name: 'single target, list shorter than k = 10',
      options: { k: 10 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1 / 10],
    },
    // k = 2, R = {1}: rank 1 → 1/2; absent → 0/2; rank 3 > k → 0/2
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
      expected: [1 / 2, 0, 0],
    },
    // all-zero: R = ∅ → 0/10; empty list → 0/10; no relevant item shown → 0/10
    {
      name: 'no relevant item, empty list, no hit',
      options: { k: 10 },
      lists: [[1, 2], [], [3, 4]],
      relevant: [[], [1], [0, 1]],
      items: { numItems: 5 },
      expected: [0, 0, 0],
    },
    // k = 4, R = {1, 3, 5}: [0,1,2,3] holds {1, 3} → 2/4
    {
      name: 'several relevant items, k = 4',
      options: { k: 4 },
      lists: [[0, 1, 2, 3]],
      relevant: [[1, 3, 5]],
      items: { numItems: 6 },
      expected: [2 / 4],
    },
    // k = 2, R = {1, 3, 5}: [1,3,0] holds {1, 3} in its top 2 → 2/2
    {
      name: 'several relevant items, k = 2',
      options: { k: 2 },
      lists: [[1, 3, 0]],
      relevant: [[1, 3, 5]],
      items: { numItems: 6 },
      expected: [1],
    },
    // graded input is binarised, grade 0 is not relevant: R = {0, 1}; [0,1,2] → 2/3 (not (1+3)/3)
    {
      name: 'graded relevance counts as binary',
      options: { k: 3 },
      lists: [[0, 1, 2]],
      relevant: [
        new Map([
          [0, 1],
          [1, 3],
          [2, 0],
        ]),
      ],
      items: { numItems: 3 },
      expected: [2 / 3],
    },
    // repeats count once: k = 3, [2,2,2] with R = {2} → 1/3 (not 3/3)
    {
      name: 'duplicates count once',
      options: { k: 3 },
      lists: [[2, 2, 2]],
      relevant: [[2]],
      items: { numItems: 3 },
      expected: [1 / 3],
    },
    // k = 2, R = {0 (grade 3), 2 (grade 1)}: [0,2,0] → 2/2; [0,0,2]: the repeat keeps slot 2 → 1/2
    {
      name: 'a repeat keeps its slot',
      options: { k: 2 },
      lists: [
        [0, 2, 0],
        [0, 0, 2],
      ],
      relevant: [
        new Map([
          [0, 3],
          [2, 1],
        ]),
        new Map([
          [0, 3],
          [2, 1],
        ]),
      ],
      items: { numItems: 3 },
      expected: [1, 0.5],
    },
    // k = 2, unknown items never hit but fill a slot: [−2, 4] with R = {4} → 1/2; [−2, −2] → 0/2
    {
      name: 'unknown items keep their slot',
      options: { k: 2 },
      lists: [
        [-2, 4],
        [-2, -2],
      ],
      relevant: [[4], [4]],
      items: { numItems: 5 },
      expected: [1 / 2, 0],
    },
    // k = 5 > length: [3, 4] with R = {3, 4} → 2/5 (the maximum for a 2-item list)
    {
      name: 'K larger than the list',
      options: { k: 5 },
      lists: [[3, 4]],
      relevant: [[3, 4]],
      items: { numItems: 5 },
      expected: [2 / 5],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { k: '10' }, path: 'options.k', rule: 'type' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});
