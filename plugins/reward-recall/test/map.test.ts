import { RewardTester } from '@bladerec/testkit';
import { map, mapReference } from '../src/internal.js';

new RewardTester({ numRuns: 100 }).run(map, {
  options: [{}, { k: 1 }, { k: 3 }],
  reference: (ex, options) => mapReference(ex.list, ex.relevant, options),
  cases: [
    // R = {1, 3}: hits at ranks 1 and 3 → (1/1 + 2/3) / 2
    {
      name: 'two hits: (1/1 + 2/3) / 2',
      options: { k: 3 },
      lists: [[1, 0, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [5 / 6],
    },
    // k = 2 cuts the second hit: (1/1) / 2
    {
      name: 'the cutoff drops later hits, |R| stays',
      options: { k: 2 },
      lists: [[1, 0, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [1 / 2],
    },
    // divides by |R| = 3 (ranx), not by min(|R|, K): hits at 1 and 2 → (1 + 1) / 3
    {
      name: 'divided by |R|',
      options: { k: 10 },
      lists: [[1, 3]],
      relevant: [[1, 3, 5]],
      items: { numItems: 6 },
      expected: [2 / 3],
    },
    // all-zero: no relevant item, empty list, no hit
    {
      name: 'no relevant item, empty list, no hit',
      lists: [[1, 2], [], [3]],
      relevant: [[], [1], [0]],
      items: { numItems: 4 },
      expected: [0, 0, 0],
    },
    // the repeat of 1 at rank 2 adds nothing but keeps its slot: (1/1 + 2/3) / 2
    {
      name: 'a repeat keeps its slot',
      options: { k: 3 },
      lists: [[1, 1, 3]],
      relevant: [[1, 3]],
      items: { numItems: 4 },
      expected: [5 / 6],
    },
    // an unknown item never hits and keeps its slot: hit at rank 2 → 1/2; grade 0 is not relevant
    {
      name: 'unknown items and grade 0',
      lists: [
        [-2, 1],
        [1, 0],
      ],
      relevant: [
        [1],
        new Map([
          [0, 1],
          [1, 0],
        ]),
      ],
      items: { numItems: 2 },
      expected: [1 / 2, 1 / 2],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 1.5 }, path: 'options.k', rule: 'type' },
  ],
});
