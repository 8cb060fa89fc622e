import { wasm } from '@bladerec/core';
import {
  assembleSharedModule, type Code, f32Add, f32Div, f32Sqrt, f32Store, f32x4Add, f32x4Const, f32x4Div,
  f32x4ExtractLane, f32x4Ge, f32x4Min, f32x4Mul, f32x4Splat, f32x4Sqrt, f32x4Sub, forRange, get, int, type KernelFunction, mul, v128Bitselect, v128Store,
} from './simd-code.js';
import { vectorExp } from './simd-exp.js';

/**
 * The WebAssembly SIMD module of the row-wise training kernels that are not the vocabulary op: layer
 * normalisation, bias + GELU, and the AdamW update (see `dense-kernel.ts` for the ops around them and
 * `dense-reference.ts` for their readable definitions). Every function works on f32 rows whose width is
 * a multiple of 4 (one `v128` per 4 entries), in byte addresses of the imported shared memory.
 *
 * - `lnForward(x, gamma, beta, y, mean, rstd, r0, r1, d, param)`: rows `[r0, r1)` of `x` `[rows, d]`:
 *   `μ = Σx/d`, `σ² = Σ(x − μ)²/d` (two passes), `rstd = 1/√(σ² + ε)`, `y = (x − μ)·rstd·γ + β`;
 *   `param` holds `[ε, d]` as f32.
 * - `lnBackward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, r0, r1, d, param)`: with `x̂ = (x − μ)·rstd`
 *   and `g = dy·γ`: `dx = rstd·(g − mean(g) − x̂·mean(g·x̂))`; `dgamma += Σ_rows dy·x̂`, `dbeta += Σ_rows dy`
 *   (accumulated in row order onto what the caller zeroed).
 * - `geluForward(x, b, y, r0, r1, n)`: `u = x + b` (b broadcast over rows), `y = u·σ(c·(u + a·u³))` with
 *   `c = 2√(2/π)`, `a = 0.044715` (the tanh GELU through `½(1 + tanh z) = σ(2z)`).
 * - `geluBackward(dy, x, b, dx, db, r0, r1, n)`: `dx = dy·(s + u·s(1 − s)·c(1 + 3a·u²))`, `s = σ(c(u + a·u³))`;
 *   `db += Σ_rows dx`.
 * - `adam(p, g, m, v, n, param, decay)`: AdamW on `n` entries, in the float32 operation order of the composed
 *   `Adam.apply`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `u = (m/c₁)/(√(v/c₂) + ε)`, `u += λθ` when
 *   `decay ≠ 0`, `θ ← θ − lr·u`; `param` holds `[β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, λ, lr]` as f32.
 */

/** Tanh-GELU constants: `c = 2√(2/π)` and the cubic coefficient. */
export const GELU_C = 2 * Math.sqrt(2 / Math.PI);
export const GELU_A = 0.044715;

export const DENSE_FUNCTIONS = ['lnForward', 'lnBackward', 'geluForward', 'geluBackward', 'adam'] as const;

const { localGet, localSet, localTee, f32Load, v128Load } = wasm;
const set = localSet;
const V128 = wasm.V128;
const I32 = wasm.I32;
const F32 = wasm.F32;

/** `((l₀ + l₁) + l₂) + l₃` of the v128 local `v` (f32 on the stack). */
const hsum = (v: number): Code => [
  ...get(v), ...f32x4ExtractLane(0), ...get(v), ...f32x4ExtractLane(1), ...f32Add,
  ...get(v), ...f32x4ExtractLane(2), ...f32Add, ...get(v), ...f32x4ExtractLane(3), ...f32Add,
];
/** `v128.load` at `base + k` (i32 locals, byte offsets). */
const load = (base: number, k: number): Code => [...get(base), ...get(k), ...wasm.i32Add, ...v128Load()];
/** Address `base + k` (for a store: the value follows). */
const at = (base: number, k: number): Code => [...get(base), ...get(k), ...wasm.i32Add];
/** `dst[k] += value` for a v128 row at `dst`. */
const accumulate = (dst: number, k: number, value: Code): Code => [...at(dst, k), ...load(dst, k), ...value,
  ...f32x4Add, ...v128Store()];
/**
 * `σ(z)` of the v128 local `z` onto the stack, in the stable form `e = exp(−|z|)`, `σ = 1/(1 + e)` for `z ≥ 0`
 * and `e/(1 + e)` below (exactly 0 for `z < −87.3`, where `exp` underflows); `e`, `n`, `r` are v128 scratch.
 */
const sigmoid = (z: number, e: number, n: number, r: number): Code => [
  ...get(z), ...f32x4Const(0), ...get(z), ...f32x4Sub, ...f32x4Min, ...set(e),
  ...vectorExp(e, n, r), ...set(e),
  ...f32x4Const(1), ...f32x4Const(1), ...get(e), ...f32x4Add, ...f32x4Div, ...localTee(r),
  ...get(e), ...get(r), ...f32x4Mul,
  ...get(z), ...f32x4Const(0), ...f32x4Ge, ...v128Bitselect,
];

/** The module (one per process; shapes are arguments). */
export function denseKernelModule(minPages: number, maxPages: number): Uint8Array {
  const fns: KernelFunction[] = [];

  // lnForward(x, gamma, beta, y, mean, rstd, r0, r1, d, param)
  {
    const [x, gamma, beta, y, mean, rstd, r0, r1, d, param] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [r, k, xr, yr, bytes] = [10, 11, 12, 13, 14];
    const [mu, rs] = [15, 16];
    const [acc, t, muv, rsv] = [17, 18, 19, 20];
    const row: number[] = [
      ...get(x), ...mul(get(r), get(bytes)), ...wasm.i32Add, ...set(xr),
      ...get(y), ...mul(get(r), get(bytes)), ...wasm.i32Add, ...set(yr),
      // μ
      ...wasm.v128Zero, ...set(acc),
      ...forRange(k, int(0), get(bytes), 16, [...get(acc), ...load(xr, k), ...f32x4Add, ...set(acc)]),
      ...hsum(acc), ...get(param), ...f32Load(4), ...f32Div, ...localTee(mu), ...f32x4Splat, ...set(muv),
      // σ²
      ...wasm.v128Zero, ...set(acc),
      ...forRange(k, int(0), get(bytes), 16, [
        ...load(xr, k), ...get(muv), ...f32x4Sub, ...localTee(t), ...get(t), ...f32x4Mul, ...get(acc), ...f32x4Add,
        ...set(acc),
      ]),
      ...wasm.f32Const(1), ...hsum(acc), ...get(param), ...f32Load(4), ...f32Div, ...get(param), ...f32Load(0), ...f32Add,
      ...f32Sqrt, ...f32Div, ...localTee(rs), ...f32x4Splat, ...set(rsv),
      ...get(mean), ...mul(get(r), int(4)), ...wasm.i32Add, ...get(mu), ...f32Store(),
      ...get(rstd), ...mul(get(r), int(4)), ...wasm.i32Add, ...get(rs), ...f32Store(),
      // y
      ...forRange(k, int(0), get(bytes), 16, [
        ...at(yr, k), ...load(xr, k), ...get(muv), ...f32x4Sub, ...get(rsv), ...f32x4Mul, ...load(gamma, k), ...f32x4Mul,
        ...load(beta, k), ...f32x4Add, ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'lnForward', params: 10, locals: [[5, I32], [2, F32], [4, V128]],
      body: [...mul(get(d), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  // lnBackward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, r0, r1, d, param)
  {
    const [dy, x, gamma, mean, rstd, dx, dgamma, dbeta, r0, r1, d, param] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const [r, k, xr, dyr, dxr, bytes] = [12, 13, 14, 15, 16, 17];
    const [a1, a2, muv, rsv, xh, g, m1, m2] = [18, 19, 20, 21, 22, 23, 24, 25];
    const rowAt = (base: number, dst: number): Code => [...get(base), ...mul(get(r), get(bytes)), ...wasm.i32Add,
      ...set(dst)];
    const xhat: Code = [...load(xr, k), ...get(muv), ...f32x4Sub, ...get(rsv), ...f32x4Mul, ...set(xh)];
    const row: number[] = [
      ...rowAt(x, xr), ...rowAt(dy, dyr), ...rowAt(dx, dxr),
      ...get(mean), ...mul(get(r), int(4)), ...wasm.i32Add, ...f32Load(), ...f32x4Splat, ...set(muv),
      ...get(rstd), ...mul(get(r), int(4)), ...wasm.i32Add, ...f32Load(), ...f32x4Splat, ...set(rsv),
      ...wasm.v128Zero, ...set(a1), ...wasm.v128Zero, ...set(a2),
      ...forRange(k, int(0), get(bytes), 16, [
        ...xhat,
        ...load(dyr, k), ...load(gamma, k), ...f32x4Mul, ...set(g),
        ...get(a1), ...get(g), ...f32x4Add, ...set(a1),
        ...get(a2), ...get(g), ...get(xh), ...f32x4Mul, ...f32x4Add, ...set(a2),
        ...accumulate(dgamma, k, [...load(dyr, k), ...get(xh), ...f32x4Mul]),
        ...accumulate(dbeta, k, load(dyr, k)),
      ]),
      ...hsum(a1), ...get(param), ...f32Load(4), ...f32Div, ...f32x4Splat, ...set(m1),
      ...hsum(a2), ...get(param), ...f32Load(4), ...f32Div, ...f32x4Splat, ...set(m2),
      ...forRange(k, int(0), get(bytes), 16, [
        ...xhat,
        ...at(dxr, k),
        ...load(dyr, k), ...load(gamma, k), ...f32x4Mul, ...get(m1), ...f32x4Sub, ...get(xh), ...get(m2), ...f32x4Mul,
        ...f32x4Sub, ...get(rsv), ...f32x4Mul, ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'lnBackward', params: 12, locals: [[6, I32], [8, V128]],
      body: [...mul(get(d), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  /** `u = x + b`, `u²`, `s = σ(c(u + a·u³))` for the entry at `xr + k` into v128 locals. */
  const geluCore = (xr: number, b: number, k: number, u: number, u2: number, s: number, z: number, e: number,
    n: number, rr: number): Code => [
    ...load(xr, k), ...load(b, k), ...f32x4Add, ...localTee(u), ...get(u), ...f32x4Mul, ...set(u2),
    ...get(u), ...get(u2), ...get(u), ...f32x4Mul, ...f32x4Const(GELU_A), ...f32x4Mul, ...f32x4Add,
    ...f32x4Const(GELU_C), ...f32x4Mul, ...set(z),
    ...sigmoid(z, e, n, rr), ...set(s),
  ];

  // geluForward(x, b, y, r0, r1, n)
  {
    const [x, b, y, r0, r1, n] = [0, 1, 2, 3, 4, 5];
    const [r, k, xr, yr, bytes] = [6, 7, 8, 9, 10];
    const [u, u2, s, z, e, nn, rr] = [11, 12, 13, 14, 15, 16, 17];
    const row: number[] = [
      ...get(x), ...mul(get(r), get(bytes)), ...wasm.i32Add, ...set(xr),
      ...get(y), ...mul(get(r), get(bytes)), ...wasm.i32Add, ...set(yr),
      ...forRange(k, int(0), get(bytes), 16, [
        ...geluCore(xr, b, k, u, u2, s, z, e, nn, rr),
        ...at(yr, k), ...get(u), ...get(s), ...f32x4Mul, ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'geluForward', params: 6, locals: [[5, I32], [7, V128]],
      body: [...mul(get(n), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  // geluBackward(dy, x, b, dx, db, r0, r1, n)
  {
    const [dy, x, b, dx, db, r0, r1, n] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [r, k, xr, dyr, dxr, bytes] = [8, 9, 10, 11, 12, 13];
    const [u, u2, s, z, e, nn, rr, du] = [14, 15, 16, 17, 18, 19, 20, 21];
    const rowAt = (base: number, dst: number): Code => [...get(base), ...mul(get(r), get(bytes)), ...wasm.i32Add,
      ...set(dst)];
    const row: number[] = [
      ...rowAt(x, xr), ...rowAt(dy, dyr), ...rowAt(dx, dxr),
      ...forRange(k, int(0), get(bytes), 16, [
        ...geluCore(xr, b, k, u, u2, s, z, e, nn, rr),
        // gelu'(u) = s + u·s(1 − s)·c·(1 + 3a·u²)
        ...get(s),
        ...get(u), ...get(s), ...f32x4Mul, ...f32x4Const(1), ...get(s), ...f32x4Sub, ...f32x4Mul,
        ...f32x4Const(GELU_C), ...f32x4Mul,
        ...f32x4Const(1), ...get(u2), ...f32x4Const(3 * GELU_A), ...f32x4Mul, ...f32x4Add, ...f32x4Mul,
        ...f32x4Add,
        ...load(dyr, k), ...f32x4Mul, ...set(du),
        ...at(dxr, k), ...get(du), ...v128Store(),
        ...accumulate(db, k, get(du)),
      ]),
    ];
    fns.push({
      name: 'geluBackward', params: 8, locals: [[6, I32], [8, V128]],
      body: [...mul(get(n), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  // adam(p, g, m, v, n, param, decay)
  {
    const [p, g, m, v, n, param, decay] = [0, 1, 2, 3, 4, 5, 6];
    const [k, bytes] = [7, 8];
    const [b1, nb1, b2, nb2, c1, c2, eps, lambda, lr, gv, m1, v1, upd] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21];
    const splat = (local: number, index: number): Code => [...get(param), ...f32Load(4 * index), ...f32x4Splat,
      ...set(local)];
    const body = (withDecay: boolean): Code => forRange(k, int(0), get(bytes), 16, [
      ...load(g, k), ...set(gv),
      ...get(m), ...get(k), ...wasm.i32Add,
      ...load(m, k), ...get(b1), ...f32x4Mul, ...get(gv), ...get(nb1), ...f32x4Mul, ...f32x4Add, ...localTee(m1),
      ...v128Store(),
      ...get(v), ...get(k), ...wasm.i32Add,
      ...load(v, k), ...get(b2), ...f32x4Mul, ...get(gv), ...get(gv), ...f32x4Mul, ...get(nb2), ...f32x4Mul,
      ...f32x4Add, ...localTee(v1), ...v128Store(),
      ...get(m1), ...get(c1), ...f32x4Div, ...get(v1), ...get(c2), ...f32x4Div, ...f32x4Sqrt, ...get(eps), ...f32x4Add,
      ...f32x4Div, ...set(upd),
      ...(withDecay ? [...get(upd), ...load(p, k), ...get(lambda), ...f32x4Mul, ...f32x4Add, ...set(upd)] : []),
      ...at(p, k), ...load(p, k), ...get(upd), ...get(lr), ...f32x4Mul, ...f32x4Sub, ...v128Store(),
    ]);
    fns.push({
      name: 'adam', params: 7, locals: [[2, I32], [13, V128]],
      body: [
        ...mul(get(n), int(4)), ...set(bytes),
        ...splat(b1, 0), ...splat(nb1, 1), ...splat(b2, 2), ...splat(nb2, 3), ...splat(c1, 4), ...splat(c2, 5),
        ...splat(eps, 6), ...splat(lambda, 7), ...splat(lr, 8),
        ...get(decay), ...wasm.ifThen, ...body(true), ...wasm.orElse, ...body(false), ...wasm.end,
        ...wasm.end,
      ],
    });
  }

  return assembleSharedModule(fns, minPages, maxPages);
}
