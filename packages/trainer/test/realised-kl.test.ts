import { describe, expect, it } from 'vitest';
import { realisedKl } from '../src/evaluation/realised-kl.js';

describe('realised KL at the kept step', () => {
  const records = [
    { step: 1, 'kl/reference': 0.5, 'train/loss': 1 },
    { step: 2, 'kl/reference': 0.1, 'train/loss': 1 },
    { step: 2, 'eval/sampled/ndcg@10': 0.3, 'kl/reference': 99 }, // an evaluation record: not a training step
    { step: 3, 'kl/reference': 0.3, 'train/loss': 1 },
    { step: 4, 'kl/reference': 0.9, 'train/loss': 1 },
  ];

  it('averages the training steps (kept − window, kept]', () => {
    expect(realisedKl(records, 2, 10)).toBeCloseTo(0.3, 15);
    expect(realisedKl(records, 4, 2)).toBeCloseTo(0.6, 15);
    expect(realisedKl(records, 4, 1)).toBe(0.9);
  });

  it('is 0 when the initial weights were kept and NaN when the window has no training step', () => {
    expect(realisedKl(records, 0)).toBe(0);
    expect(realisedKl(records, 9, 2)).toBeNaN();
    expect(realisedKl([], 5)).toBeNaN();
  });
});
