import type { SequenceExample } from '@bladerec/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { expandPrefixes, splitExamples, splitSizes, truncateHistories, truncateHistory } from '../src/internal.js';

const ex = (history: number[], targets: number[], user?: string): SequenceExample => ({
  ...(user ? { user } : {}),
  history: Int32Array.from(history),
  targets: Int32Array.from(targets),
});
const plain = (examples: SequenceExample[]) =>
  examples.map((e) => ({ user: e.user, history: [...e.history], targets: [...e.targets] }));

describe('splitSizes', () => {
  test('fractions use the largest-remainder method and always add up to n', () => {
    expect(splitSizes(5000, { fractions: [0.6, 0.2, 0.2] })).toEqual([3000, 1000, 1000]);
    // 4.2, 1.4, 1.4: the leftover goes to valid (tie → earlier)
    expect(splitSizes(7, { fractions: [0.6, 0.2, 0.2] })).toEqual([4, 2, 1]);
    expect(splitSizes(10, { fractions: [1, 0, 0] })).toEqual([10, 0, 0]);
    expect(splitSizes(0, { fractions: [0.8, 0.1, 0.1] })).toEqual([0, 0, 0]);
  });

  test('counts are used as given and must fit', () => {
    expect(splitSizes(10, { counts: [5, 2, 1] })).toEqual([5, 2, 1]);
    expect(() => splitSizes(10, { counts: [5, 5, 1] })).toThrow(/add up to 11, but there are only 10/);
    expect(() => splitSizes(10, { fractions: [0.5, 0.2, 0.2] })).toThrow(/add up to 1/);
  });

  test.prop([fc.nat(10000), fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100)).filter(([a, b, c]) => a + b + c > 0)])(
    'sizes add up to n for any fractions',
    (n, [a, b, c]) => {
      const s = a + b + c;
      const sizes = splitSizes(n, { fractions: [a / s, b / s, c / s] });
      expect(sizes[0] + sizes[1] + sizes[2]).toBe(n);
      sizes.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
    },
  );
});

describe('splitExamples', () => {
  const items = Array.from({ length: 10 }, (_, i) => i);

  test('is a seeded, reproducible partition that keeps input order inside each part', () => {
    const a = splitExamples(items, { fractions: [0.6, 0.2, 0.2] }, 42);
    expect(a).toEqual(splitExamples(items, { fractions: [0.6, 0.2, 0.2] }, 42));
    expect([...a.train, ...a.valid, ...a.test].sort((x, y) => x - y)).toEqual(items);
    expect([a.train.length, a.valid.length, a.test.length, a.unassigned.length]).toEqual([6, 2, 2, 0]);
    for (const part of [a.train, a.valid, a.test]) expect(part).toEqual([...part].sort((x, y) => x - y));
    expect(splitExamples(items, { fractions: [0.6, 0.2, 0.2] }, 43)).not.toEqual(a);
  });

  test('golden values: the permutation is Fisher–Yates (from the end) driven by Mulberry32', () => {
    // permutations computed with an independent Python implementation of the same procedure:
    // seed 1, n 5 → [0, 3, 4, 1, 2]; seed 42, n 10 → [1, 3, 9, 5, 2, 8, 4, 0, 7, 6]
    const r1 = splitExamples([0, 1, 2, 3, 4], { counts: [2, 2, 1] }, 1);
    expect([r1.train, r1.valid, r1.test]).toEqual([[0, 3], [1, 4], [2]]);
    const r42 = splitExamples(items, { fractions: [0.6, 0.2, 0.2] }, 42);
    expect([r42.train, r42.valid, r42.test]).toEqual([
      [1, 2, 3, 5, 8, 9],
      [0, 4],
      [6, 7],
    ]);
  });

  test('counts smaller than the input leave the rest unassigned', () => {
    const r = splitExamples(items, { counts: [3, 2, 1] }, 5);
    expect(r.unassigned).toHaveLength(4);
    expect(new Set([...r.train, ...r.valid, ...r.test, ...r.unassigned]).size).toBe(10);
  });

  test.prop([fc.array(fc.integer(), { maxLength: 200 }), fc.integer()])(
    'any input and seed: a partition of the input',
    (xs, seed) => {
      const r = splitExamples(xs, { fractions: [0.8, 0.1, 0.1] }, seed);
      expect([...r.train, ...r.valid, ...r.test].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
    },
  );
});

describe('expandPrefixes', () => {
  test('emits every next-item prefix of history ++ targets, keeping the user', () => {
    expect(plain(expandPrefixes([ex([1, 2, 3], [4], 'u')]))).toEqual([
      { user: 'u', history: [1], targets: [2] },
      { user: 'u', history: [1, 2], targets: [3] },
      { user: 'u', history: [1, 2, 3], targets: [4] },
    ]);
  });

  test('minHistory, maxHistory and multi-item targets', () => {
    expect(plain(expandPrefixes([ex([1, 2], [3, 4])], { minHistory: 2, maxHistory: 2 }))).toEqual([
      { user: undefined, history: [1, 2], targets: [3] },
      { user: undefined, history: [2, 3], targets: [4] },
    ]);
    expect(plain(expandPrefixes([ex([], [5])], { minHistory: 0 }))).toEqual([
      { user: undefined, history: [], targets: [5] },
    ]);
    expect(expandPrefixes([ex([], [5])])).toEqual([]);
    expect(() => expandPrefixes([], { minHistory: -1 })).toThrow(RangeError);
  });

  test.prop([fc.array(fc.array(fc.nat(50), { minLength: 1, maxLength: 12 }), { maxLength: 20 })])(
    'one example per position after the first',
    (seqs) => {
      const examples = seqs.map((s) => ex(s.slice(0, -1), s.slice(-1)));
      const out = expandPrefixes(examples);
      expect(out).toHaveLength(seqs.reduce((n, s) => n + s.length - 1, 0));
      for (const e of out) expect(e.targets).toHaveLength(1);
    },
  );
});

describe('truncateHistory', () => {
  test('keeps the last n items', () => {
    expect([...truncateHistory(Int32Array.of(1, 2, 3, 4), 2)]).toEqual([3, 4]);
    const h = Int32Array.of(1, 2);
    expect(truncateHistory(h, 5)).toBe(h);
    expect(plain(truncateHistories([ex([1, 2, 3], [9], 'u')], 1))).toEqual([{ user: 'u', history: [3], targets: [9] }]);
    expect(() => truncateHistory(h, -1)).toThrow(RangeError);
  });
});
