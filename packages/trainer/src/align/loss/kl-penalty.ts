import { tf } from '../../backend/tf.js';
import type { KlConfig } from './kl-config.js';
import type { LossTerm } from './loss-term.js';

/**
 * The k2 loss `mean over lists of Σ_t ½ (log π_θ − log π_KL)²` (tokens laid out lists × K). Sampling
 * is not differentiated, so its expected gradient is `E_π[(log π_θ − log π_KL) ∇log π_θ]`, the gradient
 * of the reverse KL(π_θ‖π_KL) (Schulman 2020's k2; per token). The k3 form `e^{lr} − lr − 1` used as a
 * loss would instead have the gradient of the forward KL(π_KL‖π_θ).
 */
export function k2Loss(policyTokens: tf.Tensor2D, klTokens: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sum(tf.mul(tf.square(tf.sub(policyTokens, klTokens)), 0.5), 1)) as tf.Scalar;
}

/**
 * k3 estimate of KL(π‖π_KL) per list from token log-probabilities of lists sampled from π: mean over
 * lists of `Σ_t (e^{lr} − lr − 1)`, `lr = log π_KL − log π` (unbiased and ≥ 0; for logging only).
 */
export function klEstimate(klTokens: ArrayLike<number>, policyTokens: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < policyTokens.length; i++) {
    const lr = klTokens[i]! - policyTokens[i]!;
    s += Math.exp(lr) - lr - 1;
  }
  return policyTokens.length === 0 ? 0 : s / (policyTokens.length / k);
}

/** `log π_θ(y) − log π_KL(y)` of every list, from token log-probabilities (lists × k). */
export function listLogRatios(policyTokens: ArrayLike<number>, klTokens: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(policyTokens.length / k);
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += policyTokens[r * k + t]! - klTokens[r * k + t]!;
    out[r] = s;
  }
  return out;
}

/**
 * The k2 coefficient of `align.kl`: the number, or for `'bon'` the sum of the policy-gradient terms'
 * Best-of-N shares (their weight, times 1/(N−1) on a log F-scale reward), 1/(N−1) when there are none.
 */
export function k2Coefficient(kl: KlConfig, terms: readonly LossTerm[], n: number): number {
  if (kl.coef !== 'bon') return kl.coef;
  const shares = terms.filter((t) => t.bonKlCoefficient).map((t) => t.bonKlCoefficient!(n));
  return shares.length === 0 ? 1 / (n - 1) : shares.reduce((a, b) => a + b, 0);
}
