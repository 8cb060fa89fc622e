import type { RewardPrior } from '@bladerec/core';
import { normalCdf } from '../math/special-functions.js';

/**
 * A weighted empirical reward distribution `H = Σ_m ω_m δ_{h_m}` (weights sum to 1), optionally
 * smoothed with a Gaussian kernel of bandwidth `b`: `H(s) = Σ_m ω_m Φ((s − h_m)/b)`.
 * Unsmoothed, `H(r−)` and `H(r)` differ at sample values (ties are exact); smoothed, they coincide.
 */
export class EmpiricalPrior implements RewardPrior {
  /** Effective number of observations `1/Σω²` (= M for M equally weighted samples). */
  readonly count: number;

  constructor(
    readonly values: Float64Array,
    readonly weights: Float64Array,
    readonly bandwidth = 0,
  ) {
    let sq = 0;
    for (let i = 0; i < weights.length; i++) sq += weights[i]! * weights[i]!;
    this.count = sq > 0 ? 1 / sq : 0;
  }

  cdfBelow(r: number): number {
    return this.cdf(r, false);
  }

  cdfAtOrBelow(r: number): number {
    return this.cdf(r, true);
  }

  private cdf(r: number, inclusive: boolean): number {
    const { values, weights, bandwidth } = this;
    let s = 0;
    if (bandwidth > 0) {
      for (let m = 0; m < values.length; m++) s += weights[m]! * normalCdf((r - values[m]!) / bandwidth);
    } else {
      for (let m = 0; m < values.length; m++) if (inclusive ? values[m]! <= r : values[m]! < r) s += weights[m]!;
    }
    return Math.min(1, Math.max(0, s));
  }
}

/** Silverman's rule of thumb `0.9 · min(σ̂, IQR/1.34) · M^{−1/5}` (0 for degenerate samples). */
export function silvermanBandwidth(values: ArrayLike<number>): number {
  const m = values.length;
  if (m < 2) return 0;
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= m;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / (m - 1));
  const q = (p: number) => {
    const x = p * (m - 1);
    const lo = Math.floor(x);
    return sorted[lo]! + (sorted[Math.min(m - 1, lo + 1)]! - sorted[lo]!) * (x - lo);
  };
  const iqr = q(0.75) - q(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * m ** -0.2;
}
