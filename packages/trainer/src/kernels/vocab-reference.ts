import type { BannedItems, VocabShape } from './vocab-kernel.js';

/**
 * The readable definition of the fused vocabulary op in float64 (the property tests hold
 * `VocabKernel` to it): for each row r, `z_v = h_r·E_v + b_v` plus the row's banned entries (−∞, or
 * their `values`),
 * `logp_r = z_{t_r} − log Σ_v exp z_v`, and for the upstream gradient `dy`,
 * `G_rv = dy_r·(1[v = t_r] − softmax(z_r)_v)`, `dh = G·E`, `dE = Gᵀ·h`, `db = Σ_r G_r`.
 */
export function vocabReference(
  shape: VocabShape,
  h: ArrayLike<number>,
  E: ArrayLike<number>,
  b: ArrayLike<number>,
  targets: ArrayLike<number>,
  banned: BannedItems | undefined,
  dy: ArrayLike<number>,
): { logp: Float64Array; dh: Float64Array; dE: Float64Array; db: Float64Array } {
  const { P, d, V } = shape;
  const logp = new Float64Array(P);
  const dh = new Float64Array(P * d);
  const dE = new Float64Array(V * d);
  const db = new Float64Array(V);
  const z = new Float64Array(V);
  for (let r = 0; r < P; r++) {
    for (let v = 0; v < V; v++) {
      let s = b[v]!;
      for (let k = 0; k < d; k++) s += h[r * d + k]! * E[v * d + k]!;
      z[v] = s;
    }
    if (banned) {
      for (let j = banned.offsets[r]!; j < banned.offsets[r + 1]!; j++) {
        z[banned.items[j]!]! += banned.values ? banned.values[j]! : -Infinity;
      }
    }
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, z[v]!);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(z[v]! - max);
    const lse = max + Math.log(sum);
    const t = targets[r]!;
    logp[r] = z[t]! - lse;
    for (let v = 0; v < V; v++) {
      const g = dy[r]! * ((v === t ? 1 : 0) - Math.exp(z[v]! - lse));
      db[v]! += g;
      for (let k = 0; k < d; k++) {
        dh[r * d + k]! += g * E[v * d + k]!;
        dE[v * d + k]! += g * h[r * d + k]!;
      }
    }
  }
  return { logp, dh, dE, db };
}
