import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALGORITHM_PRESETS,
  createLossTerms,
  type ReferenceCache,
  type StepBatch,
  ipoPairs,
  k2Coefficient,
  k2Loss,
  policyGradientCoefficients,
  selectBackend,
  tf,
  weightedNllCoefficients,
} from '../src/internal.js';

/**
 * The loss terms on toy categorical policies π = softmax(θ) over a few outcomes, where every
 * expectation is a finite sum: over outcomes for one sample, over all Y^N groups for a group term.
 * `∇_θ log π(y) = e_y − π`.
 */
beforeAll(async () => {
  await selectBackend('cpu');
});

const softmax = (theta: readonly number[]) => {
  const m = Math.max(...theta);
  const e = theta.map((t) => Math.exp(t - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
};
const norm = (g: readonly number[]) => Math.sqrt(g.reduce((s, x) => s + x * x, 0));
const sub = (a: readonly number[], b: readonly number[]) => a.map((x, i) => x - b[i]!);
/** `∇_θ log π(y)`. */
const score = (pi: readonly number[], y: number) => pi.map((p, j) => (j === y ? 1 : 0) - p);
/** ∇_θ KL(π_θ‖ρ) = Σ_y π(y)(log π(y) − log ρ(y))(e_y − π). */
const reverseKlGrad = (pi: readonly number[], rho: readonly number[]) => {
  const g = pi.map(() => 0);
  pi.forEach((p, y) => score(pi, y).forEach((s, j) => (g[j]! += p * (Math.log(p) - Math.log(rho[y]!)) * s)));
  return g;
};
/** ∇_θ KL(ρ‖π_θ) = π − ρ. */
const forwardKlGrad = (pi: readonly number[], rho: readonly number[]) => sub(pi, rho);

/** Expectation and total variance (trace of the covariance) of a per-group gradient estimator over all Y^N groups. */
function overGroups(pi: readonly number[], n: number, coefficients: (ys: number[]) => ArrayLike<number>) {
  const Y = pi.length;
  const mean = pi.map(() => 0);
  let second = 0;
  const ys = new Array<number>(n).fill(0);
  for (let code = 0; code < Y ** n; code++) {
    let c = code;
    let prob = 1;
    for (let i = 0; i < n; i++) {
      ys[i] = c % Y;
      c = Math.floor(c / Y);
      prob *= pi[ys[i]!]!;
    }
    const coef = coefficients(ys);
    const g = pi.map(() => 0);
    ys.forEach((y, i) => score(pi, y).forEach((s, j) => (g[j]! += coef[i]! * s)));
    g.forEach((x, j) => (mean[j]! += prob * x));
    second += prob * g.reduce((s, x) => s + x * x, 0);
  }
  return { mean, variance: second - mean.reduce((s, x) => s + x * x, 0) };
}

describe('KL forms on a toy categorical policy', () => {
  const theta = [0.3, -0.2, 1.1, 0.0];
  const pi = softmax(theta);
  const ref = softmax([0, 0.4, 0.2, -0.5]);

  /** E_{y~π}[∇_θ loss(y)] for a per-sample loss of (log π_θ(y), log π_ref(y)), by tf.grad. */
  const expectedGrad = (loss: (lp: tf.Tensor2D, lr: tf.Tensor2D) => tf.Scalar) => {
    const g = pi.map(() => 0);
    pi.forEach((p, y) => {
      const grad = tf.grad((t: tf.Tensor) => {
        const lp = tf.reshape(tf.slice(tf.logSoftmax(t), [y], [1]), [1, 1]) as tf.Tensor2D;
        return loss(lp, tf.tensor2d([[Math.log(ref[y]!)]]));
      })(tf.tensor1d(theta));
      Array.from(grad.dataSync()).forEach((x, j) => (g[j]! += p * x));
    });
    return g;
  };

  it('the k2 loss has the expected gradient of the reverse KL(π‖π_ref)', () => {
    const g = expectedGrad(k2Loss);
    const want = reverseKlGrad(pi, ref);
    g.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
  });

  it('whereas k3 as a loss has the expected gradient of the forward KL(π_ref‖π)', () => {
    const k3 = (lp: tf.Tensor2D, lr: tf.Tensor2D) => {
      const d = tf.sub(lr, lp);
      return tf.mean(tf.sum(tf.sub(tf.sub(tf.exp(d), d), 1), 1)) as tf.Scalar;
    };
    const g = expectedGrad(k3);
    const want = forwardKlGrad(pi, ref);
    g.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
    expect(norm(sub(g, reverseKlGrad(pi, ref)))).toBeGreaterThan(0.05);
  });
});

describe('Jeffreys balance: log w as the backward reward, centred forward weights', () => {
  // π_t over 4 outcomes with distinct rewards 0 < 1 < 2 < 3; the target is its Best-of-N (N = 4)
  const n = 4;
  const pi = softmax([0.4, 0.1, -0.3, -0.6]);
  const cdfBelow = pi.map((_, y) => pi.slice(0, y).reduce((a, b) => a + b, 0));
  const cdfAtOrBelow = pi.map((p, y) => cdfBelow[y]! + p);
  const w = pi.map((_, y) => (cdfAtOrBelow[y]! ** n - cdfBelow[y]! ** n) / (cdfAtOrBelow[y]! - cdfBelow[y]!));
  const logW = w.map(Math.log);
  const target = pi.map((p, y) => p * w[y]!); // π* = BoN_N(π_t), already normalised (E_π[w] = 1)
  const signal = [1];

  it('π* is the Best-of-N distribution (sums to 1)', () => {
    expect(target.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  const backward = (reward: readonly number[]) =>
    overGroups(pi, n, (ys) =>
      policyGradientCoefficients(
        ys.map((y) => reward[y]!),
        n,
        signal,
        'loo',
      ),
    );
  const forward = (centred: boolean) =>
    overGroups(pi, n, (ys) =>
      weightedNllCoefficients(
        ys.map((y) => logW[y]!),
        n,
        signal,
        centred,
      ),
    );

  it('with R = log w the policy-gradient term has exactly the gradient of the reverse KL(π‖π*) at π = π_t', () => {
    const g = backward(logW).mean;
    const want = reverseKlGrad(pi, target);
    g.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 12));
  });

  it('with R = log F (the former reward) it is N − 1 times too small: exactly for power weights, about so with atoms', () => {
    // vBoN's power weights w = N F^{N−1}: log w = log N + (N − 1) log F, and RLOO drops the constant
    const logF = cdfAtOrBelow.map(Math.log);
    const power = backward(logF.map((f) => Math.log(n) + (n - 1) * f)).mean;
    backward(logF).mean.forEach((x, j) => expect((n - 1) * x).toBeCloseTo(power[j]!, 12));
    // the tie-exact weight of an atom is not a power of F; measured here: 4.28 for N − 1 = 3
    const ratio = norm(backward(logW).mean) / norm(backward(logF).mean);
    expect(ratio).toBeGreaterThan(0.6 * (n - 1));
    expect(ratio).toBeLessThan(1.5 * (n - 1));
  });

  it('the forward term estimates the forward KL(π*‖π) gradient on the scale of the backward term: β_J = 0.5 is the midpoint', () => {
    const fwd = forward(true).mean;
    const bwd = backward(logW).mean;
    const wantFwd = forwardKlGrad(pi, target);
    // self-normalised weights over N = 4 samples: a biased but consistent estimate of ∇KL(π*‖π)
    const cosine = fwd.reduce((s, x, j) => s + x * wantFwd[j]!, 0) / norm(fwd) / norm(wantFwd);
    expect(cosine).toBeGreaterThan(0.95);
    // each term estimates its own half of the Jeffreys divergence, with no extra factor: the exact
    // gradient norms are 0.52 (forward) and 0.86 (reverse) here, the estimates 0.46× apart
    const scale = norm(fwd) / norm(bwd);
    expect(scale).toBeGreaterThan(1 / 3);
    expect(scale).toBeLessThan(3);
    // with the log F reward the forward term would dominate by about N − 1
    const logF = cdfAtOrBelow.map(Math.log);
    expect(norm(fwd) / norm(backward(logF).mean) / scale).toBeGreaterThan(0.6 * (n - 1));
  });

  it('centred weights q_i − 1/N have the same expected gradient and a lower variance', () => {
    const centred = forward(true);
    const plain = forward(false);
    centred.mean.forEach((x, j) => expect(x).toBeCloseTo(plain.mean[j]!, 12));
    expect(centred.variance).toBeLessThan(plain.variance);
  });

  it('a group left out (signal 0) contributes nothing', () => {
    expect(Array.from(weightedNllCoefficients([0, 1, 2, 3], 2, [0, 1], true)).slice(0, 2)).toEqual([0, 0]);
    expect(Array.from(policyGradientCoefficients([0, 1, 2, 3], 2, [1, 0], 'loo')).slice(2)).toEqual([0, 0]);
  });
});

describe('KL coefficient and loss terms from config', () => {
  it("kl.coef 'bon' follows the policy-gradient terms: weight × 1 on log w, × 1/(N−1) on a log F-scale reward", () => {
    const kl = { coef: 'bon', form: 'k2', to: 'reference' } as const;
    expect(k2Coefficient(kl, createLossTerms(ALGORITHM_PRESETS.blade.loss!), 8)).toBe(0.5);
    expect(k2Coefficient(kl, createLossTerms(ALGORITHM_PRESETS.vbon.loss!), 8)).toBe(1);
    expect(k2Coefficient(kl, createLossTerms(ALGORITHM_PRESETS.jbond.loss!), 2)).toBe(0.5);
    expect(k2Coefficient(kl, createLossTerms(ALGORITHM_PRESETS.bonbon.loss!), 8)).toBeCloseTo(1 / 7, 12);
    expect(k2Coefficient({ ...kl, coef: 0.03 }, [], 8)).toBe(0.03);
  });

  it('the in-reward KL subtracts coef·(log π − log π_KL) from the policy-gradient reward', () => {
    const [term] = createLossTerms([{ kind: 'policy-gradient', weight: 1, advantage: 'loo', reward: 'raw' }]);
    const total = Float64Array.from([0, 1, 1, 3]);
    const logRatio = Float64Array.from([0.5, -1, 2, 0]);
    const base = {
      groups: 2,
      n: 2,
      keys: Int32Array.from([0, 1]),
      total,
      signal: Uint8Array.from([1, 1]),
      cache: {} as ReferenceCache,
    };
    const targets = { reward: new Float64Array(4), logWeight: new Float64Array(4), cdf: new Float64Array(4) };
    const captured: number[][] = [];
    const lp = {
      rollouts: () => ({ total: tf.tensor1d([1, 2, 3, 4]), tokens: tf.zeros([4, 1]) as tf.Tensor2D }),
      lists: () => tf.tensor1d([]),
    };
    for (const batch of [
      { ...base, targets, inRewardKl: { logRatio, coef: 0.1 } },
      { ...base, targets, total: Float64Array.from(total, (r, k) => r - 0.1 * logRatio[k]!) },
    ] as StepBatch[]) {
      captured.push(
        Array.from(
          tf
            .grad((x: tf.Tensor) =>
              term!.prepare(batch).loss({
                ...lp,
                rollouts: () => ({ total: x as tf.Tensor1D, tokens: tf.zeros([4, 1]) as tf.Tensor2D }),
              }),
            )(tf.tensor1d([1, 2, 3, 4]))
            .dataSync(),
        ),
      );
    }
    captured[0]!.forEach((x, i) => expect(x).toBeCloseTo(captured[1]![i]!, 6));
    expect(Math.abs(captured[0]![0]!)).toBeGreaterThan(0);
  });

  it('ipo-pairs skips contexts whose cached rewards all tie and counts them', () => {
    const K = 1;
    const cache: ReferenceCache = {
      width: K,
      terms: [],
      totals: [Float64Array.from([0.5, 0.5, 0.5]), Float64Array.from([0, 1, 0.2])],
      lists: [Int32Array.from([3, 4, 5]), Int32Array.from([6, 7, 8])],
      logProb: [Float64Array.from([-1, -1, -1]), Float64Array.from([-2, -3, -1])],
    };
    const term = ipoPairs({ kind: 'ipo-pairs', weight: 1, n: 3, margin: 2 });
    const prepared = term.prepare({ groups: 2, n: 3, keys: Int32Array.from([0, 1]), cache } as unknown as StepBatch);
    expect(prepared.record['ipo/tied_pairs']).toBe(0.5);
    expect(prepared.record['ipo/best_worst_gap']).toBe(1);
    const seen: number[][] = [];
    const value = prepared.loss({
      rollouts: () => {
        throw new Error('not used');
      },
      lists: (lists, rows) => {
        seen.push([...lists.items], [...Array.from(rows)]);
        return tf.tensor1d([-2.5, -2]); // log π_θ(best), log π_θ(worst) of context 1
      },
    });
    // only context 1's pair (best item 7, worst item 6): ((−2.5 + 2) − (−3 + 2) − 2)² / B
    expect(seen).toEqual([
      [7, 6],
      [1, 1],
    ]);
    expect(value.dataSync()[0]).toBeCloseTo((0.5 - 2) ** 2 / 2, 6);
  });
});
