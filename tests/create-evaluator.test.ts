import {
  BladeUserError,
  createBladeContainer,
  createEvaluator,
  definePlugin,
  Evaluator,
  rewardInputsFromArrays,
} from '@bladerec/core';
import diversity from '@bladerec/reward-diversity';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const NUM_ITEMS = 12;
// users' ranked lists (distinct items) and non-empty relevant sets over a 12-item catalog
const problem = fc
  .array(
    fc.record({
      list: fc.uniqueArray(fc.integer({ min: 0, max: NUM_ITEMS - 1 }), { minLength: 5, maxLength: 5 }),
      relevant: fc.uniqueArray(fc.integer({ min: 0, max: NUM_ITEMS - 1 }), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((users) =>
    rewardInputsFromArrays({
      lists: users.map((u) => u.list),
      relevant: users.map((u) => u.relevant),
      items: { numItems: NUM_ITEMS },
    }),
  );
const METRICS = ['ndcg@5', 'recall@3', 'mrr', 'coverage@5'];

describe('createEvaluator (no container)', () => {
  test('scores exactly what the container-built evaluator of blade eval scores', () => {
    const plugins = [ndcg, recall, diversity];
    const direct = createEvaluator({ plugins });
    const viaContainer = createBladeContainer({ plugins }).get(Evaluator);
    fc.assert(
      fc.property(problem, (inputs) => {
        const a = direct.evaluate(inputs, METRICS);
        const b = viaContainer.evaluate(inputs, METRICS);
        expect(a.values).toEqual(b.values);
        expect(a.perList).toEqual(b.perList);
        expect(a.users).toBe(inputs.lists.size);
      }),
      { numRuns: 30 },
    );
  });

  test('knows only the given plugins, and says how to get more', () => {
    const evaluator = createEvaluator({ plugins: [ndcg] });
    expect(evaluator.resolve(['ndcg@10'])[0]!.metric.meta.name).toBe('ndcg@10');
    expect(() => evaluator.resolve(['recall@10'])).toThrow(BladeUserError);
    expect(() => evaluator.resolve(['recall@10'])).toThrow(/unknown metric 'recall@10' \(known: ndcg/);
  });

  test('the same plugin twice counts once; two plugins with one name are refused', () => {
    expect(createEvaluator({ plugins: [ndcg, ndcg] }).resolve(['ndcg@3'])).toHaveLength(1);
    const impostor = definePlugin({ meta: { name: ndcg.meta.name, version: '9.9.9' }, rewards: [] });
    expect(() => createEvaluator({ plugins: [ndcg, impostor] })).toThrow(
      /two different plugins are named @bladerec\/reward-ndcg/,
    );
  });

  test('the TSDoc example runs as written', () => {
    const evaluator = createEvaluator({ plugins: [ndcg, recall] });
    const inputs = rewardInputsFromArrays({
      lists: [
        [3, 1, 2],
        [0, 4, 5],
      ],
      relevant: [[1], [5, 6]],
      items: { numItems: 7 },
    });
    const { values } = evaluator.evaluate(inputs, ['ndcg@3', 'recall@3']);
    // user 1: item 1 at rank 2 → 1/log2(3); user 2: item 5 at rank 3 of two relevant → (1/log2(4)) / (1 + 1/log2(3))
    const expectedNdcg = (1 / Math.log2(3) + 1 / Math.log2(4) / (1 + 1 / Math.log2(3))) / 2;
    expect(values['ndcg@3']).toBeCloseTo(expectedNdcg, 12);
    expect(values['recall@3']).toBeCloseTo((1 + 0.5) / 2, 12);
  });
});
