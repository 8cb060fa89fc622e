import { fc, test } from '@fast-check/vitest';
import { Random } from '@bladerec/data';
import { describe, expect, it } from 'vitest';
import {
  DpBetaTarget,
  type DpBetaOptions,
  EmpiricalPrior,
  JBOND_PENALTY,
  JBondTarget,
  KernelEvidence,
  logGamma,
  logTieExactWeight,
  MidRankEvidence,
  NigPriorStore,
  NigTTarget,
  nigUpdate,
  RawRewardTarget,
  ReservoirPriorStore,
} from '../src/internal.js';

const evidence = new MidRankEvidence();
const dp = (o: Partial<DpBetaOptions> = {}) =>
  new DpBetaTarget({ alpha: 'n', convention: 'mid', reward: 'beta-log', weights: 'tie-exact', a0: 0.5, b0: 0.5, ...o });
const sample = (values: number[]) =>
  new EmpiricalPrior(Float64Array.from(values), new Float64Array(values.length).fill(1 / values.length));

/** vBoN's estimator exactly as in rycolab/vbon: k = searchsorted(sorted samples, r, side='left'); F = (k+1)/(M+1). */
function vbonCode(samples: number[], r: number): number {
  const s = [...samples].sort((a, b) => a - b);
  let k = 0;
  while (k < s.length && s[k]! < r) k++;
  return Math.log((k + 1) / (s.length + 1));
}

describe('static limits: α = ∞ and no refresh is vBoN / BOND', () => {
  const refs = [0, 0, 0.3, 0.5, 0.5, 1];
  const rewards = [-1, 0, 0.3, 0.4, 1, 2, 0.5, 0];

  it('vBoN: reward log F̂ with F̂ = (k+1)/(M+1), identical to its code, saturating at 0 above the sample max', () => {
    const t = dp({ alpha: 'inf', convention: 'add-one-strict', reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      sample(refs),
      8,
    );
    rewards.forEach((r, i) => {
      expect(t.reward[i]).toBeCloseTo(vbonCode(refs, r), 12);
      expect(t.logWeight[i]).toBeCloseTo(7 * vbonCode(refs, r), 12);
    });
    // r > max ⇒ F = 1 (saturated); r ≤ min ⇒ F = 1/(M+1)
    expect(t.reward[5]).toBe(0);
    expect(t.reward[0]).toBeCloseTo(Math.log(1 / 7), 12);
    expect(t.reward[1]).toBeCloseTo(Math.log(1 / 7), 12);
  });

  it('a reservoir with η = 0 never moves, so the static target is the same after any number of updates', () => {
    const store = new ReservoirPriorStore({ maxSize: 64, eta: 0, smoothing: 'none' });
    store.seed(3, refs);
    const before = dp({ alpha: 'inf', convention: 'add-one-strict', reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      store.prior(3),
      8,
    );
    store.update(3, [5, 5, 5]);
    const after = dp({ alpha: 'inf', convention: 'add-one-strict', reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      store.prior(3),
      8,
    );
    expect(Array.from(after.reward)).toEqual(Array.from(before.reward));
  });

  it('BOND: reward log p̂_≤ with the weak convention, floored at 1/(2M)', () => {
    const t = dp({ alpha: 'inf', convention: 'weak', reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      sample(refs),
      8,
    );
    expect(t.reward[0]).toBeCloseTo(Math.log(1 / 12), 12); // below all: floor 1/(2·6)
    expect(t.reward[1]).toBeCloseTo(Math.log(2 / 6), 12); // ties count as ≤
    expect(t.reward[3]).toBeCloseTo(Math.log(3 / 6), 12);
  });

  it('α = ∞ with tie-exact weights stays finite below every reference reward (F_≤ floored at 1/(2M))', () => {
    const t = dp({ alpha: 'inf', convention: 'mid', weights: 'tie-exact' }).estimate(
      rewards,
      evidence.estimate(rewards),
      sample(refs),
      8,
    );
    expect(t.logWeight[0]).toBeCloseTo(7 * Math.log(1 / 12), 9); // (F_≤^N − 0)/F_≤ = F_≤^{N−1}, F_≤ = 1/(2·6)
    for (const lw of t.logWeight) expect(Number.isFinite(lw)).toBe(true);
    // above the floor the weight is the unfloored tie-exact one
    const unfloored = (i: number) => logTieExactWeight(t.cdfBelow[i]!, t.cdfAtOrBelow[i]!, 8);
    for (let i = 1; i < rewards.length; i++) expect(t.logWeight[i]).toBeCloseTo(unfloored(i), 12);
  });

  it('a very large finite α approaches the static mid-distribution target', () => {
    const inf = dp({ alpha: 'inf', reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      sample(refs),
      8,
    );
    const big = dp({ alpha: 1e9, reward: 'log-mid', weights: 'power' }).estimate(
      rewards,
      evidence.estimate(rewards),
      sample(refs),
      8,
    );
    rewards.forEach((_, i) => {
      if (i !== 0) expect(big.reward[i]).toBeCloseTo(inf.reward[i]!, 6);
    });
  });
});

describe('DP limits and floors (design D1, §C.1)', () => {
  it('α = 0 is the within-group rank reward log((c_i + ½)/N)', () => {
    const rewards = [0.1, 0.5, 0.5, 0.9, 0.2];
    const t = dp({ alpha: 0, reward: 'log-mid' }).estimate(rewards, evidence.estimate(rewards), sample([0]), 5);
    const c = [0, 2.5, 2.5, 4, 1];
    c.forEach((ci, i) => expect(t.reward[i]).toBeCloseTo(Math.log((ci + 0.5) / 5), 12));
  });

  it('reproduces the mean|A| floors with a stale history: N = 8, α = 0 → 0.684, 2 → 0.363, 8 → 0.170, 64 → 0.029', () => {
    const rewards = [1, 2, 3, 4, 5, 6, 7, 8];
    const stale = sample([0, 0, 0]); // every rollout is above the whole history: H(r_i) = 1
    const floors = [
      [0, 0.684],
      [2, 0.363],
      [8, 0.17],
      [64, 0.029],
    ] as const;
    for (const [alpha, expected] of floors) {
      const t = dp({ alpha, reward: 'log-mid' }).estimate(rewards, evidence.estimate(rewards), stale, 8);
      const mean = t.reward.reduce((s, x) => s + x, 0) / 8;
      const meanAbs = t.reward.reduce((s, x) => s + Math.abs(x - mean), 0) / 8;
      expect(meanAbs).toBeCloseTo(expected, 3);
    }
  });

  test.prop([
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 12 }),
    fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 20 }),
    fc.constantFrom(0, 1, 'n' as const, 50),
  ])('finite α never saturates and strictly orders different rewards (R and w)', (levels, refs, alpha) => {
    const rewards = levels.map((l) => l / 4);
    for (const weights of ['tie-exact', 'beta', 'power'] as const) {
      for (const reward of ['beta-log', 'log-mid'] as const) {
        const t = dp({ alpha, weights, reward }).estimate(
          rewards,
          evidence.estimate(rewards),
          sample(refs.map((r) => r / 4)),
          rewards.length,
        );
        rewards.forEach((ri, i) => {
          expect(t.cdfAtOrBelow[i]!).toBeLessThan(1 + 1e-12);
          expect(Number.isFinite(t.reward[i])).toBe(true);
          expect(Number.isFinite(t.logWeight[i])).toBe(true);
          rewards.forEach((rj, j) => {
            if (ri > rj) {
              expect(t.reward[i]!).toBeGreaterThan(t.reward[j]!);
              expect(t.logWeight[i]!).toBeGreaterThan(t.logWeight[j]! - 1e-12);
            }
            if (ri === rj) expect(t.reward[i]).toBeCloseTo(t.reward[j]!, 12);
          });
        });
        if (alpha !== 0 || rewards.some((x) => x !== rewards[0]))
          expect(Math.max(...t.cdfAtOrBelow)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('design D3 (Beta posterior on the quantile)', () => {
  it('the Beta weight product equals the Gamma ratio', () => {
    const rewards = [0.1, 0.4, 0.4, 0.8];
    const t = dp({ weights: 'beta', alpha: 3 }).estimate(rewards, evidence.estimate(rewards), sample([0, 0.5, 1]), 6);
    const prior = sample([0, 0.5, 1]);
    rewards.forEach((r, i) => {
      const hmid = (prior.cdfBelow(r) + prior.cdfAtOrBelow(r)) / 2;
      const ev = evidence.estimate(rewards);
      const c = ev.below[i]! + ev.ties[i]! / 2;
      const a = 0.5 + 3 * hmid + c;
      const b = 0.5 + 3 * (1 - hmid) + (4 - 1 - c);
      const gammaRatio = logGamma(a + 5) + logGamma(a + b) - logGamma(a) - logGamma(a + b + 5);
      expect(t.logWeight[i]).toBeCloseTo(gammaRatio, 10);
    });
  });

  it('E[log u] for u ~ Beta(n, 1) has sd 1/n: Monte-Carlo and the trigamma identity ψ′(n) − ψ′(n+1) = 1/n²', () => {
    const rng = new Random(4);
    for (const n of [2, 8, 32]) {
      // u = U^{1/n} ~ Beta(n, 1)
      const xs = Array.from({ length: 100_000 }, () => Math.log(1 - rng.nextFloat()) / n);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
      expect(sd * n).toBeCloseTo(1, 1);
      expect(mean * n).toBeCloseTo(-1, 1);
    }
  });
});

describe('NIG (design D2)', () => {
  it('updates are associative without discounting (λ = 1)', () => {
    const p0 = { mu: 0.2, kappa: 3, a: 2, b: 0.7 };
    const a = [0.1, 0.5, 0.9];
    const b = [0.3, 1.2];
    const stats = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return [xs.length, m, xs.reduce((s, x) => s + (x - m) ** 2, 0)] as const;
    };
    const stepwise = nigUpdate(nigUpdate(p0, ...stats(a)), ...stats(b));
    const batch = nigUpdate(p0, ...stats([...a, ...b]));
    for (const key of ['mu', 'kappa', 'a', 'b'] as const) expect(stepwise[key]).toBeCloseTo(batch[key], 12);
    const store = new NigPriorStore({ tempering: 1, discount: 1, bFloor: 1e-9 });
    store.seed(0, a);
    store.update(0, b);
    const direct = store.powerPrior(a);
    expect(store.prior(0).nig.kappa).toBeCloseTo(direct.kappa + 2, 12);
  });

  it('nig-t rewards increase strictly with the reward and never reach log 1', () => {
    const store = new NigPriorStore({ tempering: 0.5, discount: 0.9, bFloor: 1e-4 });
    store.seed(1, [0, 0, 0, 0]);
    const rewards = [0, 0.1, 5, 50];
    const t = new NigTTarget().estimate(rewards, evidence.estimate(rewards), store.prior(1), 4);
    for (let i = 1; i < 4; i++) expect(t.reward[i]!).toBeGreaterThan(t.reward[i - 1]!);
    expect(t.reward[3]!).toBeLessThan(0);
    expect(() => new NigTTarget().estimate(rewards, evidence.estimate(rewards), sample([0]), 4)).toThrow(/nig/);
  });
});

describe('reservoir refresh, evidence, raw and J-BOND targets', () => {
  it('EMA refresh: old weights × (1−η), the new rollouts at η/N, lightest dropped beyond maxSize', () => {
    const store = new ReservoirPriorStore({ maxSize: 4, eta: 0.5, smoothing: 'none' });
    store.seed(0, [0, 1]);
    store.update(0, [2, 3]);
    const p = store.prior(0);
    expect(Array.from(p.values)).toEqual([0, 1, 2, 3]);
    expect(Array.from(p.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
    store.update(0, [4]);
    expect(Array.from(store.prior(0).values)).toEqual([1, 2, 3, 4]); // the oldest (lightest) entry went
    expect(store.prior(0).cdfAtOrBelow(3.5)).toBeCloseTo(
      (0.5 / (0.125 * 3 + 0.5)) * 0 + (0.125 * 3) / (0.125 * 3 + 0.5),
      12,
    );
    const copy = new ReservoirPriorStore({ maxSize: 4, eta: 0.5, smoothing: 'none' });
    copy.load(store.save());
    expect(copy.prior(0).cdfBelow(2.5)).toBe(store.prior(0).cdfBelow(2.5));
    // unseen keys use the pooled seeds
    expect(store.prior(99).cdfAtOrBelow(0.5)).toBeCloseTo(0.5, 12);
  });

  it('mid-rank and kernel evidence', () => {
    const e = evidence.estimate([1, 2, 2, 3]);
    expect(Array.from(e.below)).toEqual([0, 1, 1, 3]);
    expect(Array.from(e.ties)).toEqual([0, 1, 1, 0]);
    expect(e.mean).toBe(2);
    expect(e.sumSquares).toBe(2);
    const k = new KernelEvidence({ bandwidth: 1e-9 }).estimate([1, 2, 2, 3]);
    expect(Array.from(k.below)).toEqual([0, 1.5, 1.5, 3]);
  });

  it('raw keeps the reward; J-BOND gives −log 16 only below both anchors', () => {
    const raw = new RawRewardTarget().estimate([0.3, 0.7], evidence.estimate([0.3, 0.7]), sample([0.5]));
    expect(Array.from(raw.reward)).toEqual([0.3, 0.7]);
    expect(Array.from(raw.logWeight)).toEqual([0, 0]);
    const j = new JBondTarget().estimate([0.1, 0.3, 0.9], evidence.estimate([0.1, 0.3, 0.9]), sample([0.3, 0.8]));
    expect(Array.from(j.reward)).toEqual([JBOND_PENALTY, 0, 0]);
  });
});
