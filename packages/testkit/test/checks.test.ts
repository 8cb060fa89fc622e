import { type ListReward, type ListRewardMeta, PAD_ITEM, type RewardInputs } from '@bladerec/core';
import { describe, expect, it } from 'vitest';
import {
  agreesWithReference,
  batchEqualsSingle,
  categoryRelabel,
  type Check,
  cutoffInvariant,
  deterministic,
  duplicatesIgnored,
  finiteInRange,
  groupRelabel,
  itemRelabel,
  orderInvariant,
  padding,
  relevanceMonotone,
  type RewardSubject,
  unknownItems,
  corpusChecks,
  rewardChecks,
  skippedBecause,
} from '../src/index.js';

/**
 * The kit must catch broken rewards. Each mutant below violates exactly one rule; the matching
 * check must fail on it, and a correct reward must pass.
 */

const baseMeta: ListRewardMeta = {
  id: 'mutant',
  name: 'mutant',
  description: 'test reward',
  higherIsBetter: true,
  range: [0, 1],
  requires: ['relevance'],
  properties: [],
  unknownItems: 'zero-gain',
};

/** Per-list helper: calls `f(list, relevantGrades)` for every list (list cut at its first PAD). */
function perList(
  f: (list: number[], grade: (id: number) => number, b: number, inputs: RewardInputs) => number,
  meta: Partial<ListRewardMeta> = {},
): ListReward {
  return {
    meta: { ...baseMeta, ...meta },
    score(inputs, out = new Float64Array(inputs.lists.size)) {
      const { size, width, items } = inputs.lists;
      for (let b = 0; b < size; b++) {
        const list: number[] = [];
        for (let k = 0; k < width && items[b * width + k] !== PAD_ITEM; k++) list.push(items[b * width + k]!);
        const rel = new Map<number, number>();
        if (inputs.relevance)
          for (let r = inputs.relevance.offsets[b]!; r < inputs.relevance.offsets[b + 1]!; r++)
            rel.set(inputs.relevance.values[r]!, inputs.relevance.grades[r]!);
        out[b] = f(list, (id) => rel.get(id) ?? 0, b, inputs);
      }
      return out;
    },
  };
}

/** Correct binary hit-rate@3 with first-occurrence semantics. */
const hitAt3 = (list: number[], grade: (id: number) => number) =>
  list.slice(0, 3).some((id) => grade(id) > 0) ? 1 : 0;

const subject = (reward: ListReward, extra: Partial<RewardSubject> = {}): RewardSubject => ({
  reward,
  requires: reward.meta.requires,
  limits: {},
  tolerance: 1e-9,
  ...extra,
});
const params = { numRuns: 300, seed: 42 };
const fails = (check: Check<RewardSubject>, s: RewardSubject) => expect(() => check.run(s, params)).toThrow();
const passes = (check: Check<RewardSubject>, s: RewardSubject) => expect(() => check.run(s, params)).not.toThrow();

describe('conformance checks catch broken rewards', () => {
  const good = perList(hitAt3, {
    properties: ['relevance-monotone', 'cutoff-invariant', 'duplicates-ignored'],
    cutoff: 3,
  });

  it('a correct reward passes every applicable check', () => {
    for (const check of [
      finiteInRange,
      deterministic,
      batchEqualsSingle,
      padding,
      unknownItems,
      relevanceMonotone,
      cutoffInvariant,
      duplicatesIgnored,
      itemRelabel,
    ])
      passes(check, subject(good));
  });

  it('finite-in-range: NaN and out-of-range scores', () => {
    fails(finiteInRange, subject(perList((l) => (l.length === 0 ? Number.NaN : 0))));
    fails(finiteInRange, subject(perList((l) => l.length)));
  });

  it('deterministic: random scores', () => {
    fails(deterministic, subject(perList(() => Math.random())));
  });

  it('batch = single: a score that depends on the other lists', () => {
    fails(batchEqualsSingle, subject(perList((_l, _g, _b, inputs) => 1 / inputs.lists.size)));
  });

  it('padding: reading past the first PAD', () => {
    const leaky: ListReward = {
      meta: baseMeta,
      score: (inputs, out = new Float64Array(inputs.lists.size)) => {
        const { size, width, items } = inputs.lists;
        for (let b = 0; b < size; b++)
          out[b] = items.subarray(b * width, (b + 1) * width).filter((x) => x >= 0).length > 2 ? 1 : 0;
        return out;
      },
    };
    fails(padding, subject(leaky));
  });

  it('unknown items: a skipped-policy reward that counts unknown slots', () => {
    fails(
      unknownItems,
      subject(
        perList((l) => Math.min(1, l.filter((x) => x !== -2).length > 0 && l.length > 3 ? 1 : 0), {
          unknownItems: 'skipped',
        }),
      ),
    );
  });

  it('order-invariant: a declared but false invariance', () => {
    fails(
      orderInvariant,
      subject(perList((l, g) => (l.length > 0 && g(l[0]!) > 0 ? 1 : 0), { properties: ['order-invariant'] })),
    );
  });

  it('relevance-monotone: a reward that prefers relevant items low', () => {
    fails(
      relevanceMonotone,
      subject(
        perList((l, g) => (l.length > 0 && g(l[l.length - 1]!) > 0 ? 1 : 0), { properties: ['relevance-monotone'] }),
      ),
    );
  });

  it('cutoff-invariant: a reward that looks one slot too far', () => {
    fails(
      cutoffInvariant,
      subject(
        perList((l, g) => (l.slice(0, 4).some((id) => g(id) > 0) ? 1 : 0), {
          properties: ['cutoff-invariant'],
          cutoff: 3,
        }),
      ),
    );
  });

  it('duplicates-ignored: counting repeats', () => {
    fails(
      duplicatesIgnored,
      subject(
        perList((l, g) => Math.min(1, l.filter((id) => g(id) > 0).length / 2), { properties: ['duplicates-ignored'] }),
      ),
    );
  });

  it('item relabel: a score that depends on raw item ids', () => {
    fails(itemRelabel, subject(perList((l) => (l.length > 0 && l[0]! % 2 === 0 ? 1 : 0))));
  });

  it('group / category relabel: scores that depend on raw group or category ids', () => {
    const byGroup = perList(
      (l, _g, _b, inputs) => (l.length > 0 && l[0]! >= 0 && inputs.items.groups!.of[l[0]!] === 0 ? 1 : 0),
      { requires: ['groups'], properties: ['group-relabel-invariant'] },
    );
    fails(groupRelabel, subject(byGroup));
    const byCategory = perList(
      (l, _g, _b, inputs) => {
        const c = inputs.items.categories!;
        return l.length > 0 && l[0]! >= 0 && c.values.subarray(c.offsets[l[0]!]!, c.offsets[l[0]! + 1]!).includes(0)
          ? 1
          : 0;
      },
      { requires: ['categories'], properties: ['category-relabel-invariant'] },
    );
    fails(categoryRelabel, subject(byCategory));
  });

  it('reference agreement: an off-by-one implementation', () => {
    const reference = (ex: { list: readonly number[]; relevant: ReadonlyMap<number, number> }) =>
      ex.list.slice(0, 3).some((id) => (ex.relevant.get(id) ?? 0) > 0) ? 1 : 0;
    passes(agreesWithReference, subject(good, { reference }));
    fails(
      agreesWithReference,
      subject(
        perList((l, g) => (l.slice(0, 2).some((id) => g(id) > 0) ? 1 : 0)),
        { reference },
      ),
    );
  });
});

describe('checks that do not apply are reported as skipped, with the reason', () => {
  const subject = (meta: Partial<ListRewardMeta> = {}): RewardSubject => ({
    reward: { meta: { ...baseMeta, ...meta }, score: (inputs, out = new Float64Array(inputs.lists.size)) => out },
    requires: meta.requires ?? baseMeta.requires,
    limits: {},
    tolerance: 1e-9,
  });

  it('names the missing declaration, the missing reference, or why unknown items cannot be checked', () => {
    expect(skippedBecause(orderInvariant, subject())).toBe("the reward does not declare 'order-invariant'");
    expect(skippedBecause(orderInvariant, subject({ properties: ['order-invariant'] }))).toBeUndefined();
    expect(skippedBecause(cutoffInvariant, subject({ properties: ['cutoff-invariant'] }))).toBe(
      "the reward does not declare 'cutoff-invariant' with a cutoff",
    );
    expect(skippedBecause(agreesWithReference, subject())).toBe('the spec gives no reference implementation');
    expect(skippedBecause(unknownItems, subject({ requires: ['embeddings'] }))).toMatch(
      /^a 'zero-gain' reward that reads embeddings/,
    );
    expect(skippedBecause(deterministic, subject())).toBeUndefined();
  });

  it('every conditional check says why it would be skipped', () => {
    for (const check of [...rewardChecks, ...corpusChecks]) {
      const conditional = check.applies.toString() !== '() => true';
      if (conditional) expect(check.skipReason, check.name).toMatch(/\S/);
    }
  });
});
