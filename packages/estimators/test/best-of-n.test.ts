import { Random } from '@bladerec/data';
import { describe, expect, it } from 'vitest';
import { bestOfNByEnumeration, bestOfNDistribution, expectedMaxOfN, logTieExactWeight } from '../src/internal.js';

describe('Best-of-N with ties (BOND Theorem 1)', () => {
  const pref = [0.1, 0.25, 0.05, 0.3, 0.2, 0.1];
  const rewards = [0, 1, 1, 0.5, 1, 2]; // ties at 1 (three outcomes)

  it('the closed form equals exact enumeration and sums to 1', () => {
    for (const n of [1, 2, 3, 4]) {
      const closed = bestOfNDistribution(pref, rewards, n);
      const brute = bestOfNByEnumeration(pref, rewards, n);
      closed.forEach((p, i) => expect(p).toBeCloseTo(brute[i]!, 12));
      expect(closed.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    }
  });

  it('matches Monte-Carlo Best-of-N sampling (first maximal index wins)', () => {
    const n = 3;
    const rng = new Random(9);
    const counts = pref.map(() => 0);
    const draws = 200_000;
    for (let s = 0; s < draws; s++) {
      let best = -1;
      for (let j = 0; j < n; j++) {
        const y = rng.pickWeighted(pref);
        if (best < 0 || rewards[y]! > rewards[best]!) best = y;
      }
      counts[best]!++;
    }
    bestOfNDistribution(pref, rewards, n).forEach((p, i) =>
      expect(Math.abs(counts[i]! / draws - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / draws) + 1e-4),
    );
  });

  it('the tie-exact weight tends to N F^{N−1} as the tie closes, in log space', () => {
    const n = 8;
    for (const f of [0.2, 0.7, 0.99]) {
      const limit = Math.log(n) + (n - 1) * Math.log(f);
      expect(logTieExactWeight(f - 1e-6, f, n)).toBeCloseTo(limit, 4);
      expect(logTieExactWeight(f, f, n)).toBe(limit);
    }
    // bounded by N p_<^{N−1} ≤ w ≤ N p_≤^{N−1}
    const w = Math.exp(logTieExactWeight(0.3, 0.6, n));
    expect(w).toBeGreaterThanOrEqual(n * 0.3 ** (n - 1));
    expect(w).toBeLessThanOrEqual(n * 0.6 ** (n - 1));
    expect(w).toBeCloseTo((0.6 ** 8 - 0.3 ** 8) / 0.3, 12);
  });

  it('expected max of N draws from a sample', () => {
    expect(expectedMaxOfN([0, 1], 1)).toBeCloseTo(0.5);
    expect(expectedMaxOfN([0, 1], 2)).toBeCloseTo(0.75);
    expect(expectedMaxOfN([0, 0, 1, 1], 3)).toBeCloseTo(1 - 0.5 ** 3);
    expect(expectedMaxOfN([1, 2, 3], 2, [0.5, 0.25, 0.25])).toBeCloseTo(
      1 * 0.25 + 2 * (0.75 ** 2 - 0.25) + 3 * (1 - 0.75 ** 2),
    );
  });
});
