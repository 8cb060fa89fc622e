import { describe, expect, it } from 'vitest';
import { demoHeadline } from '../packages/cli/src/commands/demo/demo-headline.js';

describe("the demo headline is worded from the run's own numbers", () => {
  const base = { metric: 'NDCG@10', coef: 0.01, steps: 150 };

  it('says no difference is shown when the interval includes 0, and that the KL is comparable', () => {
    const text = demoHeadline({
      ...base,
      difference: { mean: 0.0031, lo: -0.002, hi: 0.0082, significant: false },
      kl: { blade: 0.41, vbon: 0.38 },
    });
    expect(text).toContain('BLADE − vBoN, test NDCG@10 (one sampled list per user): +0.0031');
    expect(text).toContain('[−0.0020, +0.0082] — no difference is shown');
    expect(text).toContain('BLADE 0.410, vBoN 0.380 — comparable KL');
    expect(text).toContain('cannot rank the methods');
  });

  it('names the direction when the interval excludes 0 and flags a KL mismatch', () => {
    const lower = demoHeadline({
      ...base,
      difference: { mean: -0.01, lo: -0.015, hi: -0.005, significant: true },
      kl: { blade: 0.9, vbon: 0.3 },
    });
    expect(lower).toContain('BLADE is lower here (the interval excludes 0)');
    expect(lower).toContain('different KL');
    const higher = demoHeadline({
      ...base,
      difference: { mean: 0.01, lo: 0.005, hi: 0.015, significant: true },
      kl: { blade: 0.3, vbon: 0.3 },
    });
    expect(higher).toContain('BLADE is higher here');
  });
});
