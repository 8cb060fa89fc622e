import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { expectedMaxBySubsets, expectedMaxOfN, expectedMaxUnbiased } from '../src/internal.js';

describe('unbiased E[max of N] (order-statistic U-statistic)', () => {
  test.prop([
    fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 10 }),
    fc.integer({ min: 1, max: 10 }),
  ])('equals the mean maximum over every N-subset (ties included)', (xs, n) => {
    fc.pre(n <= xs.length);
    expect(expectedMaxUnbiased(xs, n)).toBeCloseTo(expectedMaxBySubsets(xs, n), 10);
  });

  it('is N = 1 the mean and N = M the maximum; refuses M < N', () => {
    expect(expectedMaxUnbiased([1, 2, 6], 1)).toBeCloseTo(3, 12);
    expect(expectedMaxUnbiased([1, 7, 2], 3)).toBe(7);
    expect(() => expectedMaxUnbiased([1, 2], 3)).toThrow(/M ≥ N/);
  });

  it('is unbiased where the plug-in estimate from the same samples is biased low', () => {
    // population: uniform over {0, …, 9}; exact E[max of 4] from the population CDF
    const population = Array.from({ length: 10 }, (_, i) => i);
    const exact = expectedMaxOfN(population, 4);
    // average over every sample of size M = 5 drawn without replacement is the U-statistic of the
    // population (each 4-subset equally often); with replacement we check by a seeded Monte Carlo
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let unbiased = 0;
    let plugIn = 0;
    const runs = 20000;
    for (let r = 0; r < runs; r++) {
      const sample = Array.from({ length: 5 }, () => population[Math.floor(next() * 10)]!);
      unbiased += expectedMaxUnbiased(sample, 4);
      plugIn += expectedMaxOfN(sample, 4);
    }
    expect(Math.abs(unbiased / runs - exact)).toBeLessThan(0.05);
    expect(plugIn / runs).toBeLessThan(exact - 0.3);
  });
});
