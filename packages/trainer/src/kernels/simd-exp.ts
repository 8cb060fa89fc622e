import { wasm } from '@bladerec/core/internal';
import {
  globalGet,
  f32x4Add,
  f32x4Const,
  f32x4Ge,
  f32x4Mul,
  f32x4Nearest,
  f32x4Pmax,
  f32x4Pmin,
  f32x4Sub,
  i32x4Add,
  i32x4Const,
  i32x4Shl,
  v128And,
} from './simd-code.js';

/** Below this, `expf` underflows: the vector exp returns exactly 0 (also for −∞). */
export const EXP_LOW = Math.fround(-87.33654);
const LOG2E = 1.4426950408889634;
const C1 = 0.693359375;
const C2 = -2.1219444e-4;
/** `1.5·2²³`: for an integer-valued float `n` with `|n| < 2²²`, the bits of `n + MAGIC` are those of `MAGIC` + `n`. */
const MAGIC = 12582912;
const POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * The v128 constants of {@link vectorExp}, in the order of {@link expConstants}' locals: a module that uses
 * `expConstants` declares them as its first globals (`assembleSharedModule(…, EXP_GLOBALS)`).
 */
export const EXP_GLOBALS: readonly (readonly number[])[] = [
  f32x4Const(EXP_LOW),
  f32x4Const(88),
  f32x4Const(LOG2E),
  f32x4Const(C1),
  f32x4Const(C2),
  ...POLY.map((c) => f32x4Const(c)),
  f32x4Const(1),
  f32x4Const(MAGIC),
  i32x4Const(127),
];

/** Number of v128 locals {@link expConstants} fills. */
export const EXP_CONSTANTS = EXP_GLOBALS.length;
const CONSTANTS = EXP_GLOBALS;

/**
 * Code that copies {@link vectorExp}'s constants from the module's globals `global … global + EXP_CONSTANTS − 1`
 * ({@link EXP_GLOBALS}) into the v128 locals `first …`. Run it once before a loop and pass `first` to
 * `vectorExp`: V8 rematerialises every `v128.const` at its use (three instructions on x64, 12 per `exp`), while
 * a value read from a mutable global stays in a register or a stack slot. The arithmetic, and so every result
 * bit, is the same either way.
 */
export function expConstants(first: number, global = 0): number[] {
  return CONSTANTS.flatMap((_, i) => [...globalGet(global + i), ...wasm.localSet(first + i)]);
}

/**
 * Code leaving `exp(x)` (four f32 lanes) on the stack for the v128 local `x`; `n` and `r` are v128
 * scratch locals. Cephes' `expf`: `x = n·ln 2 + r` with `n = round(x·log₂e)` and `ln 2` split in two
 * constants (exact `n·C1`), a degree-6 polynomial for `eʳ`, and `2ⁿ` built in the exponent bits.
 * Relative error ≤ 2 ulp on `[EXP_LOW, 88]`; `x < EXP_LOW` (including −∞) gives exactly 0 and
 * `exp(0)` is exactly 1 (so a row with one admissible item has log-probability exactly 0).
 * Inputs above 88 are clamped (the kernels only exponentiate `z − max z ≤ 0`).
 * `constants`: the first of the v128 locals that {@link expConstants} filled (else inline `v128.const`s).
 */
export function vectorExp(x: number, n: number, r: number, constants?: number): number[] {
  const { localGet: get, localSet: set } = wasm;
  const k = (i: number): readonly number[] => (constants === undefined ? CONSTANTS[i]! : get(constants + i));
  const [low, high, log2e, c1, c2, poly0] = [0, 1, 2, 3, 4, 5];
  const [one, magic, bias127] = [5 + POLY.length, 6 + POLY.length, 7 + POLY.length];
  const poly: number[] = [...k(poly0)];
  for (let i = 1; i < POLY.length; i++) poly.push(...get(r), ...f32x4Mul, ...k(poly0 + i), ...f32x4Add);
  return [
    // r = clamp(x, EXP_LOW, 88): pmax(x, c) = x < c ? c : x and pmin(x, c) = c < x ? c : x equal max and min here
    // (NaN stays NaN, c is not a zero) and are one instruction each, where max/min take ≈ 8 on x64
    ...get(x),
    ...k(low),
    ...f32x4Pmax,
    ...k(high),
    ...f32x4Pmin,
    ...set(r),
    ...get(r),
    ...k(log2e),
    ...f32x4Mul,
    ...f32x4Nearest,
    ...set(n),
    ...get(r),
    ...get(n),
    ...k(c1),
    ...f32x4Mul,
    ...f32x4Sub,
    ...get(n),
    ...k(c2),
    ...f32x4Mul,
    ...f32x4Sub,
    ...set(r),
    // p(r)·r² + r + 1
    ...poly,
    ...get(r),
    ...f32x4Mul,
    ...get(r),
    ...f32x4Mul,
    ...get(r),
    ...f32x4Add,
    ...k(one),
    ...f32x4Add,
    // · 2ⁿ, n ∈ [−126, 127]: the bits (n + 127) << 23, from the bits of n + MAGIC (whose high bits the shift drops)
    // rather than a saturating conversion (≈ 8 instructions on x64)
    ...get(n),
    ...k(magic),
    ...f32x4Add,
    ...k(bias127),
    ...i32x4Add,
    ...wasm.i32Const(23),
    ...i32x4Shl,
    ...f32x4Mul,
    // 0 below the underflow threshold
    ...get(x),
    ...k(low),
    ...f32x4Ge,
    ...v128And,
  ];
}
