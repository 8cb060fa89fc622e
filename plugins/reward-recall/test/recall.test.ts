import { RewardTester } from '@bladerec/testkit';
import { recall, recallReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(recall, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => recallReference(ex.list, ex.relevant, options),
  cases: [
    // R = {7}, 7 at rank 2 ≤ 10: 1 found / 1 relevant = 1
    {
      name: 'single target inside the cutoff',
      options: { k: 10 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1],
    },
    // k = 2, R = {1}: rank 1 → 1/1; absent → 0/1; rank 3 > k → 0/1
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
    // all-zero: R = ∅ → 0 (not 0/0); empty list → 0/1; no relevant item shown → 0/2
    {
      name: 'no relevant item, empty list, no hit',
      options: { k: 10 },
      lists: [[1, 2], [], [3, 4]],
      relevant: [[], [1], [0, 1]],
      items: { numItems: 5 },
      expected: [0, 0, 0],
    },
    // k = 3, R = {1, 3, 5}: top 3 of [0,1,2,3] holds {1} → 1/3; [5,3,1] holds all three → 3/3
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
      expected: [1 / 3, 1],
    },
    // graded input is binarised: R = {0, 1, 2} (grades 1, 3, 2); [1, 4] finds item 1 → 1/3 (not 3/6)
    {
      name: 'graded relevance counts as binary',
      options: { k: 10 },
      lists: [[1, 4]],
      relevant: [
        new Map([
          [0, 1],
          [1, 3],
          [2, 2],
        ]),
      ],
      items: { numItems: 5 },
      expected: [1 / 3],
    },
    // a grade-0 judgment is not relevant: R = {1}; [0] → 0/1, [0, 1] → 1/1
    {
      name: 'grade 0 is not relevant',
      options: { k: 10 },
      lists: [[0], [0, 1]],
      relevant: [
        new Map([
          [0, 0],
          [1, 2],
        ]),
        new Map([
          [0, 0],
          [1, 2],
        ]),
      ],
      items: { numItems: 2 },
      expected: [0, 1],
    },
    // repeats count once: [2,2,2] with R = {2, 3} → 1/2 (not 3/2)
    {
      name: 'duplicates count once',
      options: { k: 10 },
      lists: [[2, 2, 2]],
      relevant: [[2, 3]],
      items: { numItems: 4 },
      expected: [0.5],
    },
    // k = 2, R = {0 (grade 3), 2 (grade 1)}: [0,2,0] → 2/2; [0,0,2]: the repeat keeps slot 2 and pushes 2 out → 1/2
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
    // k = 2, unknown items (−2) never hit but keep their slot: top 2 of [−2,4,5] is [−2,4] → 1/2; [−2,−2] → 0/1
    {
      name: 'unknown items keep their slot',
      options: { k: 2 },
      lists: [
        [-2, 4, 5],
        [-2, -2],
      ],
      relevant: [[4, 5], [1]],
      items: { numItems: 6 },
      expected: [0.5, 0],
    },
    // k = 20 > length: [3] with R = {3, 4} → 1/2 (still divided by |R|); [3, 4] → 2/2
    {
      name: 'K larger than the list',
      options: { k: 20 },
      lists: [[3], [3, 4]],
      relevant: [
        [3, 4],
        [3, 4],
      ],
      items: { numItems: 5 },
      expected: [0.5, 1],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: -3 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { k: '10' }, path: 'options.k', rule: 'type' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});
