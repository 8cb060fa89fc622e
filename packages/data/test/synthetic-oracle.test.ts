import { describe, expect, test } from 'vitest';
import { generateSyntheticData, type SyntheticData } from '../src/index.js';
import { Random, SyntheticOracle } from '../src/internal.js';

/** The generator's step distribution written out directly (taste vectors, no Gram matrix). */
function naiveDistribution(data: SyntheticData, history: readonly number[], taste0: ArrayLike<number>): Float64Array {
  const { items: N, factors: F, drift, affinity, transition, successors: K } = data.options;
  const taste = Float64Array.from(taste0);
  const seen = new Set<number>();
  for (const x of history) {
    for (let d = 0; d < F; d++) taste[d] = (1 - drift) * taste[d]! + drift * data.factors[x * F + d]!;
    const norm = Math.hypot(...taste);
    for (let d = 0; d < F; d++) taste[d]! /= norm;
    seen.add(x);
  }
  const out = new Float64Array(N);
  let total = 0;
  for (let j = 0; j < N; j++) {
    if (seen.has(j)) continue;
    let dot = 0;
    for (let d = 0; d < F; d++) dot += taste[d]! * data.factors[j * F + d]!;
    out[j] = data.zipfWeight[j]! * Math.exp(affinity * dot);
    total += out[j]!;
  }
  const q = Array.from({ length: K }, (_, k) => 1 / (k + 1));
  const qSum = q.reduce((a, b) => a + b, 0);
  let follow = 0;
  const prev = history.length > 0 ? history[history.length - 1]! : -1;
  const succ = prev >= 0 ? Array.from({ length: K }, (_, k) => data.successors[prev * K + k]!) : [];
  succ.forEach((s, k) => {
    if (!seen.has(s)) follow += (transition * q[k]!) / qSum;
  });
  for (let j = 0; j < N; j++) out[j] = (out[j]! / total) * (1 - follow);
  succ.forEach((s, k) => {
    if (!seen.has(s)) out[s]! += (transition * q[k]!) / qSum;
  });
  return out;
}

/**
 * Checks the oracle against the generator's own draws over every step of every user: the observed
 * number of steps whose item is a successor of the previous item, and `Σ_t P_t(x_t)`, each against its
 * expectation under the oracle (`Σ_t P_t(successors)`, `Σ_t Σ_i P_t(i)²`), as z-scores.
 */
function drawChecks(data: SyntheticData, oracle: SyntheticOracle): { successorZ: number; selfZ: number } {
  const K = data.options.successors;
  let succObs = 0;
  let succExp = 0;
  let succVar = 0;
  let selfObs = 0;
  let selfExp = 0;
  let selfVar = 0;
  data.sequences.forEach((seq, u) => {
    oracle.forEachStep(seq, oracle.userTaste(u), (t, p) => {
      const x = seq[t]!;
      if (t > 0) {
        const succ = new Set(Array.from({ length: K }, (_, k) => data.successors[seq[t - 1]! * K + k]!));
        let mass = 0;
        for (const s of succ) mass += p[s]!;
        succObs += succ.has(x) ? 1 : 0;
        succExp += mass;
        succVar += mass * (1 - mass);
      }
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < p.length; i++) {
        m1 += p[i]! * p[i]!;
        m2 += p[i]! * p[i]! * p[i]!;
      }
      selfObs += p[x]!;
      selfExp += m1;
      selfVar += m2 - m1 * m1;
    });
  });
  return { successorZ: (succObs - succExp) / Math.sqrt(succVar), selfZ: (selfObs - selfExp) / Math.sqrt(selfVar) };
}

describe('SyntheticOracle', () => {
  const data = generateSyntheticData({ users: 400 });
  const oracle = new SyntheticOracle(data);

  test('a distribution over the unseen items: sums to 1, 0 on the history, as the process is written', () => {
    for (const u of [0, 7, 123, 399]) {
      const seq = data.sequences[u]!;
      for (const t of [0, 1, 3, seq.length - 1]) {
        const history = [...seq.subarray(0, t)];
        const p = oracle.distribution(history, oracle.userTaste(u));
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const x of history) expect(p[x]).toBe(0);
        const naive = naiveDistribution(data, history, oracle.userTaste(u));
        for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(naive[i]!, 12);
      }
    }
  });

  test("reproduces the frequencies of the generator's draws (|z| < 4 on every step of 400 users)", () => {
    const { successorZ, selfZ } = drawChecks(data, oracle);
    expect(Math.abs(successorZ)).toBeLessThan(4);
    expect(Math.abs(selfZ)).toBeLessThan(4);
    // forEachStep visits the same distributions as distribution() of each prefix
    const seq = data.sequences[3]!;
    oracle.forEachStep(seq, oracle.userTaste(3), (t, p) => {
      expect([...p]).toEqual([...oracle.distribution(seq.subarray(0, t), oracle.userTaste(3))]);
    });
  }, 300_000);

  test('the same checks reject an oracle with the wrong Markov probability (p = 0.3 instead of 0.5)', () => {
    const wrong = new SyntheticOracle({ ...data, options: { ...data.options, transition: 0.3 } });
    expect(Math.abs(drawChecks(data, wrong).successorZ)).toBeGreaterThan(4);
  }, 300_000);

  test('log-likelihood = Σ log P(x_t | x_<t); the true taste is more likely than prior draws', () => {
    const seq = data.sequences[5]!;
    const taste = oracle.userTaste(5);
    let sum = 0;
    for (let t = 0; t < seq.length; t++) sum += Math.log(oracle.distribution(seq.subarray(0, t), taste)[seq[t]!]!);
    expect(oracle.logLikelihood(seq, taste)).toBeCloseTo(sum, 10);
    let better = 0;
    let own = 0;
    data.sequences.slice(0, 40).forEach((s, u) => {
      const draws = oracle.priorTastes(10, new Random(u));
      own = oracle.logLikelihood(s, oracle.userTaste(u));
      for (let m = 0; m < 10; m++) if (oracle.logLikelihood(s, draws.subarray(m * 16, (m + 1) * 16)) < own) better++;
    });
    expect(better / 400).toBeGreaterThan(0.8);
  }, 300_000);

  test('posterior: one draw gives that draw’s distribution; many draws give a distribution with ESS in [1, M]', () => {
    const seq = data.sequences[9]!.subarray(0, 6);
    const taste = Float64Array.from(oracle.userTaste(9));
    const one = oracle.posterior(seq, taste);
    expect(one.effectiveSampleSize).toBe(1);
    expect([...one.probabilities]).toEqual([...oracle.distribution(seq, taste)]);
    const many = oracle.posterior(seq, oracle.priorTastes(64, new Random(3)));
    expect(many.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(many.effectiveSampleSize).toBeGreaterThanOrEqual(1);
    expect(many.effectiveSampleSize).toBeLessThanOrEqual(64);
    for (const x of seq) expect(many.probabilities[x]).toBe(0);
  });
});
