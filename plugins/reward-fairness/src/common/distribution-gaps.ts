/**
 * Gaps between two distributions `p` (what is shown) and `q` (the reference) over `0 … n−1`, both
 * normalised. Shared by the exposure-gap kernel and the corpus kernels.
 */

/** Total variation ½ Σ_g |p_g − q_g|, in [0, 1] (half the L1 distance). */
export function totalVariation(p: Float64Array, q: Float64Array, n: number): number {
  let sum = 0;
  for (let g = 0; g < n; g++) sum += Math.abs(p[g]! - q[g]!);
  // p and q sum to 1 only up to rounding (a list can come out at 1 + 2e-16): clamp to [0, 1]
  return Math.min(1, sum / 2);
}

/** Mean absolute gap (1/n) Σ_g |p_g − q_g| (SPRec's MGU), in [0, 1]; 0 when n = 0. */
export function meanAbsoluteGap(p: Float64Array, q: Float64Array, n: number): number {
  if (n === 0) return 0;
  let sum = 0;
  for (let g = 0; g < n; g++) sum += Math.abs(p[g]! - q[g]!);
  return sum / n;
}

/** Spread of the gaps max_g (p_g − q_g) − min_g (p_g − q_g) (SPRec's DGU), in [0, 2]; 0 when n = 0. */
export function maxMinGap(p: Float64Array, q: Float64Array, n: number): number {
  if (n === 0) return 0;
  let hi = -Infinity;
  let lo = Infinity;
  for (let g = 0; g < n; g++) {
    const d = p[g]! - q[g]!;
    if (d > hi) hi = d;
    if (d < lo) lo = d;
  }
  // differences of two distributions lie in [−1, 1]; clamp rounding beyond the range 2
  return Math.min(2, hi - lo);
}

/**
 * Steck's (2018) calibration KL(q ‖ p̃) = Σ_g q_g ln(q_g / p̃_g), with the shown distribution
 * smoothed towards the reference, p̃ = (1 − α) p + α q, so that it stays finite: it lies in
 * [0, ln(1/α)], the maximum reached when p puts no mass where q has any.
 */
export function calibrationKl(p: Float64Array, q: Float64Array, n: number, alpha: number): number {
  let sum = 0;
  for (let g = 0; g < n; g++) {
    const qg = q[g]!;
    if (qg > 0) sum += qg * Math.log(qg / ((1 - alpha) * p[g]! + alpha * qg));
  }
  return sum > 0 ? sum : 0;
}
