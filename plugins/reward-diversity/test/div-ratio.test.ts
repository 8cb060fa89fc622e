import { CorpusMetricRegistry, UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { divRatio, divRatioReference } from '../src/internal.js';

const U = UNKNOWN_ITEM;

new RewardTester({ numRuns: 120 }).runCorpus(divRatio, {
  options: [{}, { k: 3 }, { k: 1 }],
  reference: (corpus, options) => divRatioReference(corpus.lists, corpus.items, options),
  cases: [
    // union {0,1,3} = 3 items over K·#users = 2·3 = 6 slots → 0.5
    {
      name: 'union over slots',
      options: { k: 2 },
      lists: [
        [0, 1, 2],
        [1, 3],
        [U, 0],
      ],
      items: { numItems: 5 },
      expected: 3 / 6,
    },
    // short lists still count K slots: {0}, {1} → 2 / (10·2) = 0.1
    {
      name: 'short lists keep the K·#users denominator',
      options: { k: 10 },
      lists: [[0], [1]],
      items: { numItems: 4 },
      expected: 2 / 20,
    },
    // an empty list is still a user: {0,1} over 2·2 → 0.5
    {
      name: 'empty list counts as a user',
      options: { k: 2 },
      lists: [[0, 1], []],
      items: { numItems: 4 },
      expected: 2 / 4,
    },
    // all different → 1: {0,1}, {2,3} over 2·2
    {
      name: 'every slot a new item',
      options: { k: 2 },
      lists: [
        [0, 1],
        [2, 3],
      ],
      items: { numItems: 4 },
      expected: 1,
    },
    // repeats count once: {4} over 3·1
    { name: 'repeats count once', options: { k: 3 }, lists: [[4, 4, 4]], items: { numItems: 5 }, expected: 1 / 3 },
    // all-zero cases: only unknown items and empty lists → 0; no users → 0
    { name: 'nothing recommended', options: { k: 10 }, lists: [[U, U], []], items: { numItems: 4 }, expected: 0 },
    { name: 'no users', options: { k: 10 }, lists: [], items: { numItems: 4 }, expected: 0 },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { users: 3 }, rule: 'additionalProperties' },
  ],
});

describe('div-ratio@K', () => {
  it('resolves the alias and names the instance', () => {
    const metric = new CorpusMetricRegistry([divRatio]).create('div-ratio@5');
    expect(metric.meta).toMatchObject({ name: 'div-ratio@5', cutoff: 5, range: [0, 1], higherIsBetter: true });
  });
});
