import { createBladeContainer, Evaluator, ListRewardRegistry, SharedPasses } from '@bladerec/core';
import { scenarioArbitrary, toInputs } from '@bladerec/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin from '../src/index.js';

const IDS = ['recall', 'hr', 'mrr', 'precision', 'map', 'f1', 'r-precision'];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shared hits passes', () => {
  it('give every relevance reward the scores it computes alone (general and single-target batches)', () => {
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    fc.assert(
      fc.property(scenarioArbitrary(), fc.integer({ min: 1, max: 14 }), fc.boolean(), (scenario, k, single) => {
        // single: keep one judged item per row, so that the batch takes the single-target path
        const s = single
          ? { ...scenario, relevant: scenario.relevant.map((r) => new Map([...r].slice(0, 1))) }
          : scenario;
        const inputs = toInputs(s, ['relevance']);
        const passes = new SharedPasses(inputs);
        for (const id of IDS) {
          const reward = registry.create(id, id === 'r-precision' ? {} : { k });
          expect(Array.from(reward.score(inputs, undefined, passes)), id).toEqual(Array.from(reward.score(inputs)));
        }
        // one hits pass per cutoff and kind, whatever the number of rewards
        for (const key of passes.computed()) expect(key).toMatch(/^(relevance|single-target)-hits@\d+$/);
        expect(passes.computed().length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 100 },
    );
  });

  it('are planned by the evaluator: one SharedPasses per evaluate call, each pass run once', () => {
    const evaluator = createBladeContainer({ plugins: [plugin] }).get<Evaluator>(Evaluator);
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    const scenario = fc.sample(scenarioArbitrary(), { numRuns: 1, seed: 7 })[0]!;
    const inputs = toInputs({ ...scenario, relevant: scenario.relevant.map((r) => new Map([...r].slice(0, 1))) }, [
      'relevance',
    ]);
    const get = vi.spyOn(SharedPasses.prototype, 'get');
    const names = ['recall@10', 'hr@10', 'mrr@10', 'precision@10'];
    const result = evaluator.evaluate(inputs, names);
    expect(get).toHaveBeenCalledTimes(4);
    const contexts = get.mock.contexts as SharedPasses[];
    expect(new Set(contexts).size).toBe(1);
    expect(contexts[0]!.computed()).toEqual([`single-target-hits@${Math.min(10, inputs.lists.width)}`]);
    for (const name of names) expect(result.perList[name]).toEqual(registry.create(name).score(inputs));
  });

  it('hand their buffers to later batches once released: each batch still gets its own scores', () => {
    const evaluator = createBladeContainer({ plugins: [plugin] }).get<Evaluator>(Evaluator);
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    const scenarios = fc.sample(scenarioArbitrary(), { numRuns: 12, seed: 11 });
    for (const scenario of scenarios) {
      const inputs = toInputs({ ...scenario, relevant: scenario.relevant.map((r) => new Map([...r].slice(0, 1))) }, [
        'relevance',
      ]);
      const result = evaluator.evaluate(inputs, ['recall@5', 'mrr@10']);
      expect(result.perList['recall@5']).toEqual(registry.create('recall@5').score(inputs));
      expect(result.perList['mrr@10']).toEqual(registry.create('mrr@10').score(inputs));
    }
    const inputs = toInputs(scenarios[0]!, ['relevance']);
    const first = new SharedPasses(inputs);
    const buffer = first.int32(100_003); // larger than any batch above, so a new array
    first.release();
    first.release(); // idempotent
    expect(() => first.int32(1)).toThrow(/after release/);
    expect(() => first.get({ key: 'k', run: () => 1 })).toThrow(/after release/);
    const second = new SharedPasses(inputs);
    expect(second.int32(100_003)).toBe(buffer); // the released buffer, not a new one
    expect(second.int32(40).length).toBe(40);
    second.release();
  });
});
