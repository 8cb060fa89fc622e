import { ListRewardRegistry } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { calibration, calibrationReference, exposureGap } from '../src/internal.js';
import { CATALOG, v } from './fixtures.js';

new RewardTester({ numRuns: 100 }).run(calibration, {
  options: [{}, { k: 3 }, { attribute: 'group' as const }, { weighting: 'position' as const, alpha: 0.1 }],
  reference: (ex, options) => calibrationReference(ex.list, ex.history, ex.items, options),
  cases: [
    // p = (0, 1) (history: item 1), q = (1, 0) (list: item 0): q̃ = 0.99·(1, 0) + 0.01·(0, 1) → KL = 1·ln(1 / 0.01)
    { name: 'opposite genres: ln(1/a)', lists: [[0]], history: [[1]], items: CATALOG, expected: [Math.log(100)] },
    // p = q = (½, ½) → 0
    { name: 'calibrated list: 0', lists: [[0, 1]], history: [[2]], items: CATALOG, expected: [0] },
    // p = (1, 0), q = (½, ½) (item 2 spreads over both): q̃_0 = 0.99·½ + 0.01 = 0.505 → ln(1/0.505)
    {
      name: 'a two-genre item spreads 1/|C_i|',
      lists: [[2]],
      history: [[0]],
      items: CATALOG,
      expected: [Math.log(1 / 0.505)],
    },
    // no genre mass in the list (empty; unknown; genre-less item 3) → ln(1/a), the range maximum
    {
      name: 'nothing shown scores the maximum',
      lists: [[], [-2], [3]],
      history: [[0], [0], [0]],
      items: CATALOG,
      expected: [Math.log(100), Math.log(100), Math.log(100)],
    },
    // empty history → catalog (½, ½); q = (1, 0): q̃ = (0.995, 0.005) → ½ ln(½/0.995) + ½ ln(½/0.005)
    {
      name: 'empty history falls back to the catalog',
      lists: [[0]],
      history: [[]],
      items: CATALOG,
      expected: [0.5 * Math.log(0.5 / 0.995) + 0.5 * Math.log(0.5 / 0.005)],
    },
    // position weighting: q = (1, v(2)) / (1 + v(2)); p = (1, 0); a = 0.1 → ln(1 / (0.9·q_0 + 0.1))
    {
      name: 'position weighting',
      options: { weighting: 'position', alpha: 0.1 },
      lists: [[0, 1]],
      history: [[0]],
      items: CATALOG,
      expected: [Math.log(1 / (0.9 / (1 + v(2)) + 0.1))],
    },
  ],
  invalidOptions: [
    { options: { alpha: 0 }, path: 'options.alpha', rule: 'exclusiveMinimum' },
    { options: { reference: 'catalog' }, rule: 'additionalProperties' },
  ],
});

describe('calibration', () => {
  it("is exposure-gap's kl distance against the history, with uniform slot weights by default", () => {
    const registry = new ListRewardRegistry([calibration, exposureGap]);
    const a = registry.create('calibration@3');
    const b = registry.create('exposure-gap@3', { distance: 'kl', weighting: 'uniform' });
    expect(a.meta).toMatchObject({
      name: 'calibration@3',
      higherIsBetter: false,
      range: [0, Math.log(100)],
      requires: ['categories', 'history'],
    });
    const inputs = {
      lists: { size: 2, width: 3, items: Int32Array.from([0, 1, 2, 2, -1, -1]) },
      history: { offsets: Int32Array.from([0, 1, 3]), values: Int32Array.from([1, 0, 2]) },
      items: CATALOG,
    };
    expect(Array.from(a.score(inputs))).toEqual(Array.from(b.score(inputs)));
  });
});
