import { RewardTester } from '@bladerec/testkit';
import { mrr, mrrReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(mrr, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => mrrReference(ex.list, ex.relevant, options),
  cases: [
    // R = {7}, 7 at rank 2 → 1/2
    {
      name: 'single target at rank 2',
      options: { k: 10 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1 / 2],
    },
    // k = 2, R = {1}: rank 1 → 1/1; absent → 0; rank 3 > k → 0
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
    // only the first relevant item counts: R = {1, 3, 5}, [0,1,2,3] → rank 2 → 1/2 (not 1/2 + 1/4);
    // R = {2, 6}, [4,0,6,2] → rank 3 → 1/3
    {
      name: 'several relevant items',
      options: { k: 10 },
      lists: [
        [0, 1, 2, 3],
        [4, 0, 6, 2],
      ],
      relevant: [
        [1, 3, 5],
        [2, 6],
      ],
      items: { numItems: 7 },
      expected: [1 / 2, 1 / 3],
    },
    // grades do not weight: R = {0 (1), 1 (3)}, [0, 1] → rank 1 → 1 (not 3/2); grade 0 is not relevant:
    // R = {1}, [0, 1] → rank 2 → 1/2
    {
      name: 'graded relevance counts as binary',
      options: { k: 10 },
      lists: [
        [0, 1],
        [0, 1],
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
      items: { numItems: 2 },
      expected: [1, 1 / 2],
    },
    // a repeat keeps its slot: [4, 4, 2] with R = {2} → rank 3 → 1/3; [2, 2] with R = {2} → 1
    {
      name: 'duplicates keep their slot',
      options: { k: 10 },
      lists: [
        [4, 4, 2],
        [2, 2],
      ],
      relevant: [[2], [2]],
      items: { numItems: 5 },
      expected: [1 / 3, 1],
    },
    // unknown items keep their slot: [−2, 4] with R = {4} → rank 2 → 1/2; [−2, −2, −2] with R = {1} → 0
    {
      name: 'unknown items keep their slot',
      options: { k: 10 },
      lists: [
        [-2, 4],
        [-2, -2, -2],
      ],
      relevant: [[4], [1]],
      items: { numItems: 5 },
      expected: [1 / 2, 0],
    },
    // k = 20 > length: [8, 9, 3] with R = {3} → rank 3 → 1/3
    {
      name: 'K larger than the list',
      options: { k: 20 },
      lists: [[8, 9, 3]],
      relevant: [[3]],
      items: { numItems: 10 },
      expected: [1 / 3],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { k: '10' }, path: 'options.k', rule: 'type' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});
