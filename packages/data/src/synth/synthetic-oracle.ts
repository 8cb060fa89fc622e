import type { Random } from '../random/mulberry32.js';
import type { SyntheticData } from './generate-synthetic.js';

/** The next-item distribution of the {@link SyntheticOracle} with a history-only taste posterior. */
export interface OraclePosterior {
  /** `P(next = i | history)` per item (sums to 1). */
  readonly probabilities: Float64Array;
  /** Effective sample size `(Σw)² / Σw²` of the importance weights of the taste draws. */
  readonly effectiveSampleSize: number;
}

/**
 * The synthetic generator's own next-item distribution (docs/synthetic-data.md, step 5): after the
 * history `x_0 … x_{t−1}` with taste `τ_t` (the initial taste drifted toward every consumed item),
 *
 *   P(x_t = i) = p·Σ_k q_k·[s_k = i, i unseen] + (1 − p·Σ_k q_k·[s_k unseen])·T(i),
 *   T(i) ∝ w_i·exp(β·τ_t·v_i) over the unseen items,
 *
 * with `s_k` the k-th successor of `x_{t−1}` and `q_k ∝ 1/(k+1)` (no successor term at t = 0; seen
 * items have probability 0). {@link distribution} knows the user's initial taste (an upper bound for
 * any recommender); {@link posterior} replaces it with an importance-sampling posterior over prior
 * draws of the initial taste given the history (`τ_0 = normalize(c_g + 0.5·ε)`, g uniform), the
 * Bayes-optimal scorer from the history alone up to Monte-Carlo error.
 *
 * Taste scores are updated through the item Gram matrix (`τ_t·v_j` in O(items) per step).
 */
export class SyntheticOracle {
  readonly numItems: number;
  private readonly gram: Float64Array;
  private readonly logWeight: Float64Array;
  private readonly succWeight: Float64Array;

  constructor(readonly data: SyntheticData) {
    const { options: o, factors, zipfWeight } = data;
    const N = (this.numItems = o.items);
    const F = o.factors;
    this.gram = new Float64Array(N * N);
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++) {
        let dot = 0;
        for (let d = 0; d < F; d++) dot += factors[i * F + d]! * factors[j * F + d]!;
        this.gram[i * N + j] = this.gram[j * N + i] = dot;
      }
    }
    this.logWeight = zipfWeight.map((w) => Math.log(w));
    const q = Array.from({ length: o.successors }, (_, k) => 1 / (k + 1));
    const total = q.reduce((a, b) => a + b, 0);
    this.succWeight = Float64Array.from(q, (w) => w / total);
  }

  /** Initial taste of user `u` (a view into `data.initialTaste`). */
  userTaste(u: number): Float64Array {
    const F = this.data.options.factors;
    return this.data.initialTaste.subarray(u * F, (u + 1) * F);
  }

  /** `P(next = i | history, initial taste)` per item. */
  distribution(history: ArrayLike<number>, initialTaste: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.numItems);
    this.replay(history, initialTaste, out);
    return out;
  }

  /**
   * Replays `sequence` once and calls `visit(t, P_t)` with the distribution of its item t given the items
   * before it (`P_t` is reused between calls: copy it to keep it).
   */
  forEachStep(
    sequence: ArrayLike<number>,
    initialTaste: ArrayLike<number>,
    visit: (t: number, p: Float64Array) => void,
  ): void {
    this.replay(sequence, initialTaste, undefined, visit);
  }

  /** `log P(history | initial taste)`: the sum of the log-probabilities of each item given the ones before it. */
  logLikelihood(history: ArrayLike<number>, initialTaste: ArrayLike<number>): number {
    return this.replay(history, initialTaste);
  }

  /**
   * The next-item distribution mixed over `tastes` (`M × factors`, draws of the initial taste from its
   * prior, e.g. {@link priorTastes}) with weights `∝ P(history | τ_0)`.
   */
  posterior(history: ArrayLike<number>, tastes: Float64Array): OraclePosterior {
    const F = this.data.options.factors;
    const M = tastes.length / F;
    const N = this.numItems;
    const dists = new Float64Array(M * N);
    const logw = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      logw[m] = this.replay(history, tastes.subarray(m * F, (m + 1) * F), dists.subarray(m * N, (m + 1) * N));
    }
    let max = -Infinity;
    for (const l of logw) if (l > max) max = l;
    const probabilities = new Float64Array(N);
    let sw = 0;
    let sw2 = 0;
    for (let m = 0; m < M; m++) {
      const w = Math.exp(logw[m]! - max);
      sw += w;
      sw2 += w * w;
      for (let i = 0; i < N; i++) probabilities[i]! += w * dists[m * N + i]!;
    }
    for (let i = 0; i < N; i++) probabilities[i]! /= sw;
    return { probabilities, effectiveSampleSize: (sw * sw) / sw2 };
  }

  /** `count` draws of a user's initial taste from the generator's prior (`count × factors`). */
  priorTastes(count: number, random: Random): Float64Array {
    const { factors: F, genres: G } = this.data.options;
    const out = new Float64Array(count * F);
    for (let m = 0; m < count; m++) {
      const g = random.nextInt(G);
      let norm = 0;
      for (let d = 0; d < F; d++) {
        const v = this.data.centres[g * F + d]! + 0.5 * random.normal();
        out[m * F + d] = v;
        norm += v * v;
      }
      const inv = 1 / Math.sqrt(norm);
      for (let d = 0; d < F; d++) out[m * F + d]! *= inv;
    }
    return out;
  }

  /**
   * Replays the generator along `history` from `initialTaste`: returns `log P(history)` and, with
   * `next`, writes the distribution of the item after it.
   */
  private replay(
    history: ArrayLike<number>,
    initialTaste: ArrayLike<number>,
    next?: Float64Array,
    visit?: (t: number, p: Float64Array) => void,
  ): number {
    const { factors: F, drift } = this.data.options;
    const N = this.numItems;
    const { factors } = this.data;
    const score = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      let dot = 0;
      for (let d = 0; d < F; d++) dot += initialTaste[d]! * factors[j * F + d]!;
      score[j] = dot;
    }
    const seen = new Uint8Array(N);
    const step = new Float64Array(N);
    let logLik = 0;
    for (let t = 0; t < history.length; t++) {
      const x = history[t]!;
      this.step(t > 0 ? history[t - 1]! : -1, score, seen, step);
      visit?.(t, step);
      logLik += Math.log(step[x]!);
      // τ ← normalize((1 − δ)·τ + δ·v_x), with |(1 − δ)τ + δ v_x|² = (1 − δ)² + δ² + 2δ(1 − δ)·τ·v_x
      const norm = Math.sqrt((1 - drift) ** 2 + drift ** 2 + 2 * drift * (1 - drift) * score[x]!);
      for (let j = 0; j < N; j++) score[j] = ((1 - drift) * score[j]! + drift * this.gram[x * N + j]!) / norm;
      seen[x] = 1;
    }
    if (next) this.step(history.length > 0 ? history[history.length - 1]! : -1, score, seen, next);
    return logLik;
  }

  /** The distribution of one step (`prev` < 0: the first item) into `out`. */
  private step(prev: number, score: Float64Array, seen: Uint8Array, out: Float64Array): void {
    const { affinity, transition: p, successors: K } = this.data.options;
    const N = this.numItems;
    let max = -Infinity;
    for (let j = 0; j < N; j++) {
      if (seen[j]) continue;
      const s = affinity * score[j]! + this.logWeight[j]!;
      out[j] = s;
      if (s > max) max = s;
    }
    let total = 0;
    for (let j = 0; j < N; j++) {
      out[j] = seen[j] ? 0 : Math.exp(out[j]! - max);
      total += out[j]!;
    }
    let follow = 0;
    if (prev >= 0) {
      for (let k = 0; k < K; k++) if (!seen[this.data.successors[prev * K + k]!]) follow += p * this.succWeight[k]!;
    }
    const rest = (1 - follow) / total;
    for (let j = 0; j < N; j++) out[j]! *= rest;
    if (prev >= 0) {
      for (let k = 0; k < K; k++) {
        const s = this.data.successors[prev * K + k]!;
        if (!seen[s]) out[s]! += p * this.succWeight[k]!;
      }
    }
  }
}
