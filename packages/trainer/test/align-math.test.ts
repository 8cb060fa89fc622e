import {
  EmpiricalPrior,
  MidRankEvidence,
  DpBetaTarget,
  RawRewardTarget,
  ReservoirPriorStore,
} from '@bladerec/estimators';
import { describe, expect, it } from 'vitest';
import {
  advantages,
  ALGORITHM_PRESETS,
  batchTargets,
  bonbonMargin,
  groupSoftmax,
  stepDiagnostics,
  withPreset,
} from '../src/internal.js';

describe('alignment building blocks', () => {
  it("BoNBoN's IPO margin (n−1)·H_{n−1} is 18.15 at n = 8", () => {
    expect(bonbonMargin(8)).toBeCloseTo(18.15, 2);
    expect(bonbonMargin(2)).toBe(1);
  });

  it('advantages: leave-one-out keeps the scale, group-normalised does not', () => {
    const r = [1, 2, 3, 6];
    expect(Array.from(advantages(r, 4, 'loo'))).toEqual([1 - 11 / 3, 2 - 10 / 3, 3 - 3, 6 - 2]);
    const g = advantages(r, 4, 'group-normalized');
    const std = Math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + (6 - 3) ** 2) / 3);
    expect(g[3]).toBeCloseTo(3 / (std + 1e-6), 10);
    expect(Array.from(advantages([0.5, 0.5], 2, 'loo'))).toEqual([0, 0]);
    const q = groupSoftmax([0, Math.log(3)], 2);
    expect(q[0]).toBeCloseTo(0.25, 12);
    expect(q[1]).toBeCloseTo(0.75, 12);
  });

  it('presets: user settings override the preset, and a user component of the same kind merges options', () => {
    const merged = withPreset('vbon', { steps: 5, target: { options: { weights: 'tie-exact' } } });
    expect(merged['algorithm']).toBe('vbon');
    expect(merged['steps']).toBe(5);
    expect(merged['target']).toEqual({
      kind: 'dp-beta',
      options: { alpha: 'inf', convention: 'add-one-strict', reward: 'log-mid', weights: 'tie-exact' },
    });
    expect(withPreset('blade', { target: { kind: 'nig-t' } })['target']).toEqual({ kind: 'nig-t' });
    expect(Object.keys(ALGORITHM_PRESETS).sort()).toEqual(['blade', 'bonbon', 'bond', 'grpo', 'jbond', 'rloo', 'vbon']);
  });
});

describe('composite objectives: a small weight cannot dominate (per-term transform, then weights)', () => {
  // one group of N = 4 where the main term (NDCG) ties at 0 for every rollout and ILD varies
  const n = 4;
  const ndcg = Float64Array.from([0, 0, 0, 0]);
  const ild = Float64Array.from([0.1, 0.4, 0.7, 0.9]);
  const prior = new ReservoirPriorStore({ maxSize: 64, eta: 0, smoothing: 'none' });
  prior.seed(0, [0, 0, 0.5, 1]); // term 0 (NDCG) of context 0 → key 0·2 + 0
  prior.seed(1, [0.2, 0.5, 0.6, 0.8]); // term 1 (ILD) → key 1
  const components = {
    prior,
    evidence: new MidRankEvidence(),
    target: new DpBetaTarget({
      alpha: 'n',
      convention: 'mid',
      reward: 'beta-log',
      weights: 'tie-exact',
      a0: 0.5,
      b0: 0.5,
    }),
  };
  const spread = (lambda: number) => {
    const t = batchTargets({
      n,
      contextKeys: [0],
      termRewards: [ndcg, ild],
      termWeights: [1, lambda],
      total: Float64Array.from(ndcg, (x, i) => x + lambda * ild[i]!),
      mode: 'per-term',
      components,
      bonN: n,
    });
    return Math.max(...advantages(t.reward, n, 'loo').map(Math.abs));
  };

  it('the advantage from the secondary term scales with its weight', () => {
    const full = spread(1);
    expect(full).toBeGreaterThan(0.1);
    expect(spread(0.01)).toBeCloseTo(0.01 * full, 10);
    expect(spread(0.1)).toBeCloseTo(0.1 * full, 10);
  });

  it("whereas GRPO's group normalisation of the raw weighted sum gives it full weight whatever λ", () => {
    const grpo = (lambda: number) => {
      const total = Float64Array.from(ndcg, (x, i) => x + lambda * ild[i]!);
      const t = batchTargets({
        n,
        contextKeys: [0],
        termRewards: [ndcg, ild],
        termWeights: [1, lambda],
        total,
        mode: 'sum',
        components: { ...components, target: new RawRewardTarget() },
        bonN: n,
      });
      return Math.max(...advantages(t.reward, n, 'group-normalized').map(Math.abs));
    };
    expect(grpo(0.01)).toBeCloseTo(grpo(1), 3);
  });
});

describe('step diagnostics', () => {
  it('count static saturation, ties and indiscrimination on a hand-made batch', () => {
    const n = 2;
    const total = Float64Array.from([1, 1, 0.2, 0.5]);
    const d = stepDiagnostics({
      n,
      total,
      reward: Float64Array.from([0, 0, -1, -1]),
      logWeight: Float64Array.from([0, 0, 0, Math.log(3)]),
      cdf: Float64Array.from([1, 1, 0.5, 0.5]),
      referenceTotals: [Float64Array.from([0, 0.5]), Float64Array.from([0.5, 0.5])],
    });
    expect(d.staticSaturation).toBe(0.5); // both rollouts of group 0 exceed its reference max 0.5
    expect(d.targetSaturation).toBe(0.5);
    expect(d.tiedGroups).toBe(0.5);
    expect(d.zeroSignalGroups).toBe(1); // group 1 differs in reward but not in R
    expect(d.indiscrimination).toBe(1);
    // ESS/N: group 0 uniform → 1; group 1 weights ¼, ¾ → 1/(1/16 + 9/16)/2 = 0.8
    expect(d.essRatio).toBeCloseTo((1 + 0.8) / 2, 12);
  });

  it('the static and target saturation agree for vBoN and differ for BLADE', () => {
    const refs = [0, 0.2, 0.5];
    const rewards = [0.6, 0.6, 0.1, 1];
    const ev = new MidRankEvidence().estimate(rewards);
    const vbon = new DpBetaTarget({
      alpha: 'inf',
      convention: 'add-one-strict',
      reward: 'log-mid',
      weights: 'power',
      a0: 0.5,
      b0: 0.5,
    }).estimate(rewards, ev, new EmpiricalPrior(Float64Array.from(refs), new Float64Array(3).fill(1 / 3)), 4);
    const blade = new DpBetaTarget({
      alpha: 'n',
      convention: 'mid',
      reward: 'beta-log',
      weights: 'tie-exact',
      a0: 0.5,
      b0: 0.5,
    }).estimate(rewards, ev, new EmpiricalPrior(Float64Array.from(refs), new Float64Array(3).fill(1 / 3)), 4);
    expect(Array.from(vbon.cdf).filter((f) => f === 1).length).toBe(3);
    expect(Math.max(...blade.cdf)).toBeLessThan(1);
  });
});
