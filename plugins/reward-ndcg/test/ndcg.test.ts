import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import plugin, { ndcg, ndcgReference } from '../src/internal.js';

const L = Math.log2;

new RewardTester({ numRuns: 150 }).run(ndcg, {
  options: [{}, { k: 3 }, { k: 5, gain: 'exp' }, { k: 1 }],
  reference: (ex, options) => ndcgReference(ex.list, ex.relevant, options),
  cases: [
    // single target at rank 2 of 3: 1/log2(3)
    {
      name: 'single target at rank 2',
      options: { k: 10 },
      lists: [[5, 7, 9]],
      relevant: [[7]],
      items: { numItems: 10 },
      expected: [1 / L(3)],
    },
    // target at rank 1 → 1; target absent → 0; target below the cutoff → 0
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
    // all-zero case: nothing relevant anywhere, and an empty list
    {
      name: 'no relevant item and empty list',
      options: { k: 10 },
      lists: [[1, 2], []],
      relevant: [[], [1]],
      items: { numItems: 3 },
      expected: [0, 0],
    },
    // two relevant items, one shown at rank 3: DCG = 1/log2(4) = 0.5, IDCG = 1 + 1/log2(3)
    {
      name: 'two relevant, one found',
      options: { k: 10 },
      lists: [[0, 1, 2]],
      relevant: [[2, 4]],
      items: { numItems: 5 },
      expected: [0.5 / (1 + 1 / L(3))],
    },
    // K > list length: IDCG still counts min(K, |R|) = 3 ideal positions
    {
      name: 'K larger than the list',
      options: { k: 5 },
      lists: [[3]],
      relevant: [[3, 4, 5]],
      items: { numItems: 6 },
      expected: [1 / (1 + 1 / L(3) + 1 / L(4))],
    },
    // duplicates gain once: [2, 2, 9] with target 2 → 1 (the repeat adds nothing); unknown item keeps its slot
    {
      name: 'repeat gains once, unknown keeps its slot',
      options: { k: 10 },
      lists: [
        [2, 2, 9],
        [-2, 9],
      ],
      relevant: [[2], [9]],
      items: { numItems: 10 },
      expected: [1, 1 / L(3)],
    },
    // graded, linear gain: list [a(1), b(3)], ideal [b(3), a(1)]
    {
      name: 'graded linear',
      options: { k: 10 },
      lists: [[0, 1]],
      relevant: [
        new Map([
          [0, 1],
          [1, 3],
        ]),
      ],
      items: { numItems: 2 },
      expected: [(1 + 3 / L(3)) / (3 + 1 / L(3))],
    },
    // graded, exponential gain: gains 2^1−1 = 1 and 2^3−1 = 7
    {
      name: 'graded exponential',
      options: { k: 10, gain: 'exp' },
      lists: [[0, 1]],
      relevant: [
        new Map([
          [0, 1],
          [1, 3],
        ]),
      ],
      items: { numItems: 2 },
      expected: [(1 + 7 / L(3)) / (7 + 1 / L(3))],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { gain: 'log' }, path: 'options.gain', rule: 'enum' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});

describe('ndcg plugin object', () => {
  it('exports a plugin with meta from package.json and the ndcg reward', () => {
    expect(plugin.meta).toMatchObject({ name: '@bladerec/reward-ndcg', namespace: 'ndcg' });
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(plugin.rewards)).toEqual(['ndcg']);
    expect(plugin.rewards['ndcg']!.meta.plugin).toBe('@bladerec/reward-ndcg');
  });
});
