import { wasm } from '@bladerec/core/internal';
import {
  f32x4Add, f32x4Const, f32x4Ge, f32x4Max, f32x4Mul, f32x4Nearest, f32x4Sub, i32x4Add, i32x4Const, i32x4Shl,
  i32x4TruncSatF32x4S, v128Bitselect,
} from './simd-code.js';

/** Below this, `expf` underflows: the vector exp returns exactly 0 (also for −∞). */
export const EXP_LOW = Math.fround(-87.33654);
const LOG2E = 1.4426950408889634;
const C1 = 0.693359375;
const C2 = -2.12194440e-4;
const POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * Code leaving `exp(x)` (four f32 lanes) on the stack for the v128 local `x`; `n` and `r` are v128
 * scratch locals. Cephes' `expf`: `x = n·ln 2 + r` with `n = round(x·log₂e)` and `ln 2` split in two
 * constants (exact `n·C1`), a degree-6 polynomial for `eʳ`, and `2ⁿ` built in the exponent bits.
 * Relative error ≤ 2 ulp on `[EXP_LOW, 88]`; `x < EXP_LOW` (including −∞) gives exactly 0 and
 * `exp(0)` is exactly 1 (so a row with one admissible item has log-probability exactly 0).
 * Inputs above 88 are clamped (the kernels only exponentiate `z − max z ≤ 0`).
 */
export function vectorExp(x: number, n: number, r: number): number[] {
  const { localGet: get, localSet: set } = wasm;
  const poly: number[] = [...f32x4Const(POLY[0]!)];
  for (const c of POLY.slice(1)) poly.push(...get(r), ...f32x4Mul, ...f32x4Const(c), ...f32x4Add);
  return [
    // r = clamp(x, EXP_LOW, 88)
    ...get(x), ...f32x4Const(EXP_LOW), ...f32x4Max, ...f32x4Const(88), ...[0xfd, 0xe8, 0x01] /* f32x4.min */, ...set(r),
    ...get(r), ...f32x4Const(LOG2E), ...f32x4Mul, ...f32x4Nearest, ...set(n),
    ...get(r), ...get(n), ...f32x4Const(C1), ...f32x4Mul, ...f32x4Sub,
    ...get(n), ...f32x4Const(C2), ...f32x4Mul, ...f32x4Sub, ...set(r),
    // p(r)·r² + r + 1
    ...poly, ...get(r), ...f32x4Mul, ...get(r), ...f32x4Mul, ...get(r), ...f32x4Add, ...f32x4Const(1), ...f32x4Add,
    // · 2ⁿ
    ...get(n), ...i32x4TruncSatF32x4S, ...i32x4Const(127), ...i32x4Add, ...wasm.i32Const(23), ...i32x4Shl, ...f32x4Mul,
    // 0 below the underflow threshold
    ...f32x4Const(0), ...get(x), ...f32x4Const(EXP_LOW), ...f32x4Ge, ...v128Bitselect,
  ];
}
