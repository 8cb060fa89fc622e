import { readFileSync } from 'node:fs';
import {
  createBladeContainer,
  Evaluator,
  type ItemSide,
  ObjectiveFactory,
  rewardInputsFromArrays,
  UNKNOWN_ITEM,
} from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import plugin, { novelty, noveltyReference } from '../src/index.js';

// popularity 15, 7, 3, 1, 0, 0 with α = 1: Σ pop + α·|I| = 26 + 6 = 32, so p = 16/32, 8/32, 4/32,
// 2/32, 1/32, 1/32 and the self-information −log2 p of items 0…5 is 1, 2, 3, 4, 5, 5 bits.
const catalog: ItemSide = { numItems: 6, popularity: Float64Array.from([15, 7, 3, 1, 0, 0]) };
const U = UNKNOWN_ITEM;

new RewardTester({ numRuns: 150 }).run(novelty, {
  // the kit runs every check once per option set (defaults filled in)
  options: [{}, { k: 3 }, { k: 1 }, { k: 5, smoothing: 0.5 }],
  reference: (example, options) => noveltyReference(example.list, example.items, options),
  cases: [
    { name: 'three items: (1 + 2 + 3) / 3', lists: [[0, 1, 2]], items: catalog, expected: [2] },
    {
      name: 'never-seen items are finite thanks to smoothing: (5 + 5 + 1) / 3',
      options: { k: 3 },
      lists: [[4, 5, 0, 1]],
      items: catalog,
      expected: [11 / 3],
    },
    // a repeat counts once and an unknown item is dropped: {1, 3} → (2 + 4) / 2; with k = 3 the
    // window [1, 1, U] holds item 1 only, and item 3 at slot 4 never enters
    { name: 'repeats count once, unknown items are skipped', lists: [[1, 1, U, 3]], items: catalog, expected: [3] },
    {
      name: 'the window is cut before filtering',
      options: { k: 3 },
      lists: [[1, 1, U, 3]],
      items: catalog,
      expected: [2],
    },
    { name: 'no known item scores 0', lists: [[], [U, U]], items: catalog, expected: [0, 0] },
    // α = 0.5: Σ pop + α·|I| = 26 + 3 = 29; item 0: p = 15.5/29, item 4: p = 0.5/29
    {
      name: 'smoothing 0.5',
      options: { smoothing: 0.5 },
      lists: [[0, 4]],
      items: catalog,
      expected: [(Math.log2(29 / 15.5) + Math.log2(58)) / 2],
    },
    // equal popularity: p = 1/4 for every item → 2 bits each, whatever the list
    {
      name: 'uniform popularity',
      lists: [[0, 1, 2, 3], [2]],
      items: { numItems: 4, popularity: Float64Array.from([2, 2, 2, 2]) },
      expected: [2, 2],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { smoothing: 0 }, path: 'options.smoothing', rule: 'exclusiveMinimum' },
    { options: { smoothing: 'laplace' }, path: 'options.smoothing', rule: 'type' },
    { options: { alpha: 1 }, rule: 'additionalProperties' },
  ],
});

describe('the novelty plugin package', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
    keywords: string[];
    peerDependencies: Record<string, string>;
  };

  it('follows the naming and packaging conventions', () => {
    expect(pkg.name).toMatch(/^bladerec-reward-/);
    expect(pkg.keywords).toContain('bladerec-plugin');
    expect(Object.keys(pkg.peerDependencies)).toEqual(['@bladerec/core']);
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'novelty' });
    expect(Object.keys(plugin.rewards)).toEqual(['novelty']);
    expect(plugin.rewards['novelty']!.meta.plugin).toBe('bladerec-reward-novelty');
  });

  it('works in a container: aliases, objectives and the evaluator', () => {
    const container = createBladeContainer({ plugins: [plugin] });
    const objective = container
      .get<ObjectiveFactory>(ObjectiveFactory)
      .create({ terms: [{ reward: 'novelty/novelty@2', weight: 0.5 }] });
    const inputs = rewardInputsFromArrays({
      lists: [
        [0, 1, 2],
        [5, 5],
      ],
      items: catalog,
    });
    // list 0: window {0, 1} → (1 + 2)/2 = 1.5; list 1: {5} → 5; weighted by 0.5
    expect(Array.from(objective.score(inputs))).toEqual([0.75, 2.5]);
    expect(() =>
      container.get<ObjectiveFactory>(ObjectiveFactory).create({ terms: [{ reward: 'novelty', normalize: 'range' }] }),
    ).toThrow(/needs a finite declared range/);
    const evaluator = container.get<Evaluator>(Evaluator);
    expect(evaluator.evaluate(inputs, ['novelty@3']).values).toEqual({ 'novelty@3': (2 + 5) / 2 });
    expect(() => evaluator.evaluate({ ...inputs, items: { numItems: 6 } }, ['novelty'])).toThrow(
      /needs item popularity counts/,
    );
  });
});
