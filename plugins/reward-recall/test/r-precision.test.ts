import { RewardTester } from '@bladerec/testkit';
import { rPrecision, rPrecisionReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(rPrecision, {
  reference: (ex) => rPrecisionReference(ex.list, ex.relevant),
  cases: [
    // |R| = 2: the top 2 {1, 0} hold one relevant item → 1/2 (the hit at rank 3 is outside)
    {
      name: 'precision at rank |R|',
      lists: [[1, 0, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [1 / 2],
    },
    // |R| = 3, a 2-item list holding two of them → 2/3 (still divided by |R|)
    {
      name: 'a list shorter than |R|',
      lists: [[2, 1]],
      relevant: [[0, 1, 2]],
      items: { numItems: 3 },
      expected: [2 / 3],
    },
    // all-zero: no relevant item; the one relevant item not first; an unknown item in the window
    {
      name: 'no relevant item, a miss, an unknown item',
      lists: [
        [0, 1],
        [0, 1],
        [-2, 1],
      ],
      relevant: [[], [1], [1]],
      items: { numItems: 2 },
      expected: [0, 0, 0],
    },
    // a repeat hits once and keeps its slot: top 2 of [1, 1, 3] is {1} → 1/2
    {
      name: 'a repeat keeps its slot',
      lists: [[1, 1, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [1 / 2],
    },
    // graded input is binary: R = {0} (grade 2; grade 0 of 1 is not relevant) → top 1 = {0} → 1
    {
      name: 'graded input is binary',
      lists: [[0, 1]],
      relevant: [
        new Map([
          [0, 2],
          [1, 0],
        ]),
      ],
      items: { numItems: 2 },
      expected: [1],
    },
  ],
  invalidOptions: [{ options: { k: 5 }, rule: 'additionalProperties' }],
});
