import { csrFromArrays } from '@bladerec/core';
import { describe, expect, it } from 'vitest';
import { pairedBootstrap, PopularityRecommender, TransitionRecommender } from '../src/index.js';

const ex = (history: number[], targets: number[]) => ({
  history: Int32Array.from(history),
  targets: Int32Array.from(targets),
});
const train = [ex([0, 1, 2], [3]), ex([1, 2], [3]), ex([2, 4], [1]), ex([4], [2])];
// counts: 0:1, 1:3, 2:4, 3:2, 4:2 ; transitions: 0→1, 1→2 ×2, 2→3 ×2, 2→4, 4→1, 4→2

describe('baselines', () => {
  it('popularity ranks by training count (ties by id) and can skip the history', async () => {
    const rec = new PopularityRecommender(5, train);
    const out = await rec.recommend(csrFromArrays([[9 % 5], [2, 1]]), 3, { excludeHistory: false });
    expect(Array.from(out.items)).toEqual([2, 1, 3, 2, 1, 3]);
    const skip = await rec.recommend(csrFromArrays([[2, 1]]), 3, { excludeHistory: true });
    expect(Array.from(skip.items)).toEqual([3, 4, 0]);
  });

  it('transition follows the last item, then backs off to popularity', async () => {
    const rec = new TransitionRecommender(5, train);
    const out = await rec.recommend(csrFromArrays([[0, 2], [4], []]), 3, { excludeHistory: false });
    // after 2: 3 (×2) then 4 (×1), then popularity 2, 1 → [3, 4, 2]; after 4: 1, 2 (×1 each; 2 more popular) → [2, 1,
    // 3]
    expect(Array.from(out.items)).toEqual([3, 4, 2, 2, 1, 3, 2, 1, 3]);
  });
});

describe('pairedBootstrap', () => {
  it('brackets the mean difference and flags a clear effect', () => {
    const a = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0.5));
    const b = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0.5 : 0.5));
    const ci = pairedBootstrap(a, b, { seed: 1 });
    expect(ci.mean).toBeCloseTo(0.25, 10);
    expect(ci.lo).toBeLessThan(0.25);
    expect(ci.hi).toBeGreaterThan(0.25);
    expect(ci.significant).toBe(true);
    expect(pairedBootstrap(b, b).significant).toBe(false);
  });
});
