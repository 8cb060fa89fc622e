import { EXP_LOW } from './simd-exp.js';

/**
 * Readable definitions of what the fused draw kernel computes, float32 operation by float32 operation
 * (`Math.fround` after each step reproduces IEEE single precision exactly), so that tests can hold
 * the kernel's picks *equal* to them on the same uniforms — not just close.
 */

const f = Math.fround;
const LOG2E = f(1.4426950408889634);
const C1 = f(0.693359375);
const C2 = f(-2.1219444e-4);
const POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(
  f,
);

/** Round to nearest, ties to even (`f32x4.nearest`). */
function nearestEven(v: number): number {
  const fl = Math.floor(v);
  const diff = v - fl;
  if (diff !== 0.5) return diff < 0.5 ? fl : fl + 1;
  return fl % 2 === 0 ? fl : fl + 1;
}

/** The kernels' `exp` on one float32 (see `vectorExp`): Cephes' `expf`, 0 below {@link EXP_LOW}. */
export function expf32(x: number): number {
  if (!(x >= EXP_LOW)) return 0;
  const xc = Math.min(x, 88);
  const n = nearestEven(f(xc * LOG2E));
  const r = f(f(xc - f(n * C1)) - f(n * C2));
  let p = POLY[0]!;
  for (const c of POLY.slice(1)) p = f(f(p * r) + c);
  const y = f(f(f(f(p * r) * r) + r) + 1);
  return f(y * 2 ** n);
}

/** The kernels' logit of one row and item: `b_v` plus `h_k·E_vk` added in order of k, in float32. */
export function logitF32(
  h: ArrayLike<number>,
  hOffset: number,
  E: ArrayLike<number>,
  eOffset: number,
  d: number,
  bias: number,
): number {
  let z = f(bias);
  for (let k = 0; k < d; k++) z = f(z + f(h[hOffset + k]! * E[eOffset + k]!));
  return z;
}

/**
 * One row's pick from its float32 logits `z` (banned items −∞): with a uniform `u`, the inverse-CDF
 * draw over `e_i = exp((z_i − max z)·invT)` — `total` summed in four interleaved lanes
 * (`lane[i mod 4]`, then `((l0 + l1) + l2) + l3`, the kernel's SIMD order), target `u·total`, and the
 * first admissible i whose running sum `c_i = c_{i−1} + e_i` exceeds the target (the last admissible
 * item if none does); without `u`, the first index of the maximum (greedy).
 */
export function drawReference(z: ArrayLike<number>, u: number | undefined, invT = 1): number {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]!);
  if (u === undefined) {
    for (let i = 0; i < z.length; i++) if (z[i] === max) return i;
    return -1;
  }
  const e = Array.from(z, (zi) => expf32(f(f(zi - max) * f(invT))));
  const lane = [0, 0, 0, 0];
  e.forEach((ei, i) => (lane[i % 4] = f(lane[i % 4]! + ei)));
  const total = f(f(f(lane[0]! + lane[1]!) + lane[2]!) + lane[3]!);
  const target = f(total * f(u));
  let c = 0;
  let pick = -1;
  for (let i = 0; i < e.length; i++) {
    if (!(e[i]! > 0)) continue;
    pick = i;
    c = f(c + e[i]!);
    if (c > target) break;
  }
  return pick;
}
