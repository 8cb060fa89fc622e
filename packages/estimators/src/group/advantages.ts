/** Policy-gradient advantages within groups of `n` consecutive rollouts. */
export type AdvantageKind = 'loo' | 'group-normalized';

/**
 * Advantages of rewards `R` laid out as `groups × n`:
 * - `loo` (RLOO): `A_i = R_i − (1/(N−1)) Σ_{j≠i} R_j` — unbiased, keeps the scale of R;
 * - `group-normalized` (GRPO): `A_i = (R_i − mean)/(std + 1e−6)` with the unbiased group std — scale-free,
 *   which is why it gives a small secondary term full weight in groups where the main term ties.
 */
export function advantages(rewards: ArrayLike<number>, n: number, kind: AdvantageKind): Float64Array {
  const out = new Float64Array(rewards.length);
  for (let g = 0; g * n < rewards.length; g++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rewards[g * n + i]!;
    const mean = sum / n;
    if (kind === 'loo') {
      for (let i = 0; i < n; i++) {
        const r = rewards[g * n + i]!;
        out[g * n + i] = r - (sum - r) / (n - 1);
      }
    } else {
      let sq = 0;
      for (let i = 0; i < n; i++) sq += (rewards[g * n + i]! - mean) ** 2;
      const std = Math.sqrt(sq / Math.max(1, n - 1));
      for (let i = 0; i < n; i++) out[g * n + i] = (rewards[g * n + i]! - mean) / (std + 1e-6);
    }
  }
  return out;
}

/** Self-normalised target weights `q_i = w_i / Σ_j w_j` within each group, from log-weights. */
export function groupSoftmax(logWeights: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(logWeights.length);
  for (let g = 0; g * n < logWeights.length; g++) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, logWeights[g * n + i]!);
    if (max === -Infinity) {
      for (let i = 0; i < n; i++) out[g * n + i] = 1 / n;
      continue;
    }
    let z = 0;
    for (let i = 0; i < n; i++) z += Math.exp(logWeights[g * n + i]! - max);
    for (let i = 0; i < n; i++) out[g * n + i] = Math.exp(logWeights[g * n + i]! - max) / z;
  }
  return out;
}
