import { CorpusMetricRegistry, createBladeContainer, Evaluator, rewardInputsFromArrays } from '@bladerec/core';
import { referenceCorpus, RewardTester, scenarioArbitrary, toInputs } from '@bladerec/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin, {
  exposureDisparity,
  groupExposure,
  groupExposureReference,
  groupExposureShares,
  groupExposureSharesReference,
  groupExposureState,
} from '../src/internal.js';
import { CATALOG, THREE, v } from './fixtures.js';

new RewardTester({ numRuns: 100 }).runCorpus(groupExposure, {
  options: [{}, { weighting: 'uniform', k: 3 }, { attribute: 'category' }],
  reference: (corpus, o) => groupExposureReference(corpus, o),
  cases: [
    // [1, 0]: item 1 (g1) at slot 1 weighs 1, item 0 (g0) at slot 2 weighs v(2): Exp(0) = v2 / (1 + v2)
    { name: 'group 0 of one list', lists: [[1, 0]], items: CATALOG, expected: v(2) / (1 + v(2)) },
    { name: 'group 1 of one list', options: { group: 1 }, lists: [[1, 0]], items: CATALOG, expected: 1 / (1 + v(2)) },
    // the repeat of 0 and the ungrouped item 3 expose nothing; uniform: g0 1, g1 1 → ½
    {
      name: 'uniform weights, repeats and ungrouped items',
      options: { weighting: 'uniform' },
      lists: [[0, 0, 3, 2]],
      items: CATALOG,
      expected: 0.5,
    },
    { name: 'no attributed exposure → 0', lists: [[3], [-2]], items: CATALOG, expected: 0 },
  ],
  invalidOptions: [
    { options: { group: -1 }, path: 'options.group', rule: 'minimum' },
    { options: { weighting: 'log' }, path: 'options.weighting' },
  ],
});

describe('group-exposure', () => {
  const registry = new CorpusMetricRegistry([groupExposure, exposureDisparity]);

  it('matches a hand computation over several lists (position weights, cutoff)', () => {
    // THREE: item i in group i. Lists [0, 1, 2], [1, 0], [2, 2, 1]; k = 2:
    // E_0 = 1 + v2, E_1 = v2 + 1, E_2 = 1 (the repeat of 2 adds nothing; slot 3 is cut) → total 3 + 2·v2
    const inputs = rewardInputsFromArrays({
      lists: [
        [0, 1, 2],
        [1, 0],
        [2, 2, 1],
      ],
      items: THREE,
    });
    const total = 3 + 2 * v(2);
    const expected = [(1 + v(2)) / total, (1 + v(2)) / total, 1 / total];
    for (let g = 0; g < 3; g++)
      expect(registry.create('group-exposure@2', { group: g }).compute(inputs)).toBeCloseTo(expected[g]!, 14);
  });

  it('names a group outside the item side in one line', () => {
    const inputs = rewardInputsFromArrays({ lists: [[0]], items: CATALOG });
    expect(() => registry.create('group-exposure', { group: 2 }).compute(inputs)).toThrow(
      'group-exposure: group 2 is not one of the 2 group values (0 … 1)',
    );
  });

  it('shares sum to 1 and equal the readable definition (fast-check)', () => {
    for (const attribute of ['group', 'category'] as const) {
      for (const weighting of ['position', 'uniform'] as const) {
        const options = { k: 5, attribute, weighting };
        const state = groupExposureState(options);
        fc.assert(
          fc.property(scenarioArbitrary(), (scenario) => {
            const want = [attribute === 'group' ? 'groups' : 'categories'] as const;
            const fast = groupExposureShares(toInputs(scenario, want), state);
            const readable = groupExposureSharesReference(referenceCorpus(scenario, want), options);
            expect(fast === undefined).toBe(readable === undefined);
            if (!fast || !readable) return;
            expect(fast.length).toBe(readable.length);
            fast.forEach((x, g) => expect(x).toBeCloseTo(readable[g]!, 12));
            expect(fast.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
            for (const x of fast) expect(x).toBeGreaterThanOrEqual(0);
          }),
          { numRuns: 200 },
        );
      }
    }
  });

  it('is the Exp(g) exposure-disparity compares with the reference (uniform reference: mean-abs gap)', () => {
    const disparity = registry.create('exposure-disparity@10', { reference: 'uniform' });
    fc.assert(
      fc.property(scenarioArbitrary(), (scenario) => {
        const inputs = toInputs(scenario, ['groups']);
        const n = scenario.groups.count;
        const shares = Array.from({ length: n }, (_, g) =>
          registry.create('group-exposure@10', { group: g }).compute(inputs),
        );
        if (shares.every((x) => x === 0)) return; // nothing attributed: disparity is its maximum
        const gap = shares.reduce((t, x) => t + Math.abs(x - 1 / n), 0) / n;
        expect(disparity.compute(inputs)).toBeCloseTo(gap, 12);
      }),
      { numRuns: 100 },
    );
  });

  it('Evaluator.evaluatePerGroup: every group by name, nothing without groups or without the metric', () => {
    const evaluator = createBladeContainer({ plugins: [plugin] }).get<Evaluator>(Evaluator);
    const named = { ...CATALOG, groups: { ...CATALOG.groups!, names: ['head', 'tail'] } };
    const inputs = rewardInputsFromArrays({ lists: [[1, 0]], items: named });
    const perGroup = evaluator.evaluatePerGroup(inputs, 'group-exposure@10')!;
    expect(Object.keys(perGroup)).toEqual(['head', 'tail']);
    expect(perGroup['head']).toBeCloseTo(v(2) / (1 + v(2)), 14);
    expect(perGroup['tail']).toBeCloseTo(1 / (1 + v(2)), 14);
    const unnamed = evaluator.evaluatePerGroup(
      rewardInputsFromArrays({ lists: [[1, 0]], items: CATALOG }),
      'group-exposure@10',
    );
    expect(Object.keys(unnamed!)).toEqual(['0', '1']);
    expect(
      evaluator.evaluatePerGroup(rewardInputsFromArrays({ lists: [[1]], items: { numItems: 2 } }), 'group-exposure@10'),
    ).toBeUndefined();
    const bare = createBladeContainer({ plugins: [] }).get<Evaluator>(Evaluator);
    expect(bare.evaluatePerGroup(inputs, 'group-exposure@10')).toBeUndefined();
  });
});
