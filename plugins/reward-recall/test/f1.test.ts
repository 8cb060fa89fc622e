import { RewardTester } from '@bladerec/testkit';
import { f1, f1Reference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(f1, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => f1Reference(ex.list, ex.relevant, options),
  cases: [
    // P = 2/3, R = 2/2 → 2·(2/3)·1 / (2/3 + 1) = 4/5 = 2·2 / (3 + 2)
    {
      name: 'P = 2/3, R = 1 → 4/5',
      options: { k: 3 },
      lists: [[1, 0, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [4 / 5],
    },
    // precision divides by k = 10 for a 2-item list: P = 1/10, R = 1 → 2/11
    {
      name: 'precision still divides by k',
      options: { k: 10 },
      lists: [[1, 2]],
      relevant: [[1]],
      items: { numItems: 3 },
      expected: [2 / 11],
    },
    // all-zero: no hit, no relevant item, empty list
    {
      name: 'no hit, no relevant item, empty list',
      options: { k: 2 },
      lists: [[0, 2], [1], []],
      relevant: [[1], [], [1]],
      items: { numItems: 3 },
      expected: [0, 0, 0],
    },
    // a repeat hits once: [1, 1] with R = {1}, k = 2 → P = 1/2, R = 1 → 2/3
    {
      name: 'a repeat hits once',
      options: { k: 2 },
      lists: [[1, 1]],
      relevant: [[1]],
      items: { numItems: 2 },
      expected: [2 / 3],
    },
  ],
  invalidOptions: [{ options: { k: 0 }, path: 'options.k', rule: 'minimum' }],
});
