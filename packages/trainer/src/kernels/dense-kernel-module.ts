import { wasm } from '@bladerec/core/internal';
import {
  assembleSharedModule,
  type Code,
  f32Add,
  f32Div,
  f32Max,
  f32Mul,
  f32Sqrt,
  f32Store,
  f32Sub,
  f32x4Add,
  f32x4Const,
  f32x4Div,
  f32x4ExtractLane,
  f32x4Ge,
  f32x4Max,
  f32x4Mul,
  f32x4Pmin,
  f32x4Splat,
  f32x4Sqrt,
  f32x4Sub,
  forRange,
  get,
  globalGet,
  int,
  type KernelFunction,
  mul,
  v128Bitselect,
  v128Store,
} from './simd-code.js';
import { EXP_CONSTANTS, EXP_GLOBALS, expConstants, vectorExp } from './simd-exp.js';

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
 * - `attnForward(q, k, v, p, o, B, T, H, dh, Tp, param)`: multi-head attention of `B` sequences of `T` tokens,
 *   `q`, `k`, `v`, `o` `[B·T, H·dh]` (head h in columns `h·dh …`): for each (b, h, i),
 *   `p_ij = softmax_j(q_i·k_j·scale + bias_ij)`, `o_i = Σ_j p_ij v_j`. `p` `[B·H, T, Tp]` arrives holding the
 *   additive bias (−∞ in the padding columns `T … Tp−1`) and leaves holding the probabilities; `param[0]` = scale.
 * - `attnBackward(dO, q, k, v, p, dq, dk, dv, dp, B, T, H, dh, Tp, param)`: `dp_j = dO_i·v_j`,
 *   `ds_j = scale·p_ij(dp_j − Σ_j' p_ij' dp_j')`, `dq_i = Σ_j ds_j k_j`, `dk_j += ds_j q_i`, `dv_j += p_ij dO_i`
 *   (`dk`, `dv` zeroed by the caller; `dp` is `Tp` floats of scratch).
 */

/** Tanh-GELU constants: `c = 2√(2/π)` and the cubic coefficient. */
export const GELU_C = 2 * Math.sqrt(2 / Math.PI);
export const GELU_A = 0.044715;

export const DENSE_FUNCTIONS = [
  'lnForward',
  'lnBackward',
  'geluForward',
  'geluBackward',
  'adam',
  'attnForward',
  'attnBackward',
] as const;

const { localSet, localTee, f32Load, v128Load } = wasm;
const set = localSet;
const V128 = wasm.V128;
const I32 = wasm.I32;
const F32 = wasm.F32;

/** `((l₀ + l₁) + l₂) + l₃` of the v128 local `v` (f32 on the stack). */
const hsum = (v: number): Code => [
  ...get(v),
  ...f32x4ExtractLane(0),
  ...get(v),
  ...f32x4ExtractLane(1),
  ...f32Add,
  ...get(v),
  ...f32x4ExtractLane(2),
  ...f32Add,
  ...get(v),
  ...f32x4ExtractLane(3),
  ...f32Add,
];
/** `v128.load` at `base + k` (i32 locals, byte offsets). */
const load = (base: number, k: number): Code => [...get(base), ...get(k), ...wasm.i32Add, ...v128Load()];
/** Address `base + k` (for a store: the value follows). */
const at = (base: number, k: number): Code => [...get(base), ...get(k), ...wasm.i32Add];
/** `dst[k] += value` for a v128 row at `dst`. */
const accumulate = (dst: number, k: number, value: Code): Code => [
  ...at(dst, k),
  ...load(dst, k),
  ...value,
  ...f32x4Add,
  ...v128Store(),
];
/**
 * The GELU's v128 constants after the exp's in the module's globals (`EXP_GLOBALS`, then these): `a`, `c`, 1, `3a`.
 * {@link geluConstants} copies all of them into locals before a loop (V8 would rematerialise each `v128.const` at
 * every use: three instructions on x64, ≈ 20 per GELU vector); the arithmetic is the same.
 */
const GELU_GLOBALS: readonly Code[] = [f32x4Const(GELU_A), f32x4Const(GELU_C), f32x4Const(1), f32x4Const(3 * GELU_A)];
/** v128 locals that {@link geluConstants} fills. */
const GELU_CONSTANTS = EXP_CONSTANTS + GELU_GLOBALS.length;
/** The locals of the GELU constants, from the first local `K` of the block {@link geluConstants} fills. */
const geluLocals = (K: number) => ({
  exp: K,
  a: K + EXP_CONSTANTS,
  c: K + EXP_CONSTANTS + 1,
  one: K + EXP_CONSTANTS + 2,
  a3: K + EXP_CONSTANTS + 3,
});
/** Code filling the locals `K … K + GELU_CONSTANTS − 1` from the globals. */
const geluConstants = (K: number): Code => [
  ...expConstants(K),
  ...GELU_GLOBALS.flatMap((_, i) => [...globalGet(EXP_CONSTANTS + i), ...set(K + EXP_CONSTANTS + i)]),
];

/**
 * `σ(z)` of the v128 local `z` onto the stack, in the stable form `e = exp(−|z|)`, `σ = 1/(1 + e)` for `z ≥ 0`
 * and `e/(1 + e)` below (exactly 0 for `z < −87.3`, where `exp` underflows); `e`, `n`, `r` are v128 scratch,
 * `K` the first of the constant locals ({@link geluConstants}). `−|z| = pmin(z, −z)` (one instruction; it differs
 * from `min` only in the sign of `−|0|`, and `exp(±0)` is exactly 1).
 */
const sigmoid = (z: number, e: number, n: number, r: number, K: number): Code => [
  ...get(z),
  ...f32x4Const(0),
  ...get(z),
  ...f32x4Sub,
  ...f32x4Pmin,
  ...set(e),
  ...vectorExp(e, n, r, geluLocals(K).exp),
  ...set(e),
  ...get(geluLocals(K).one),
  ...get(geluLocals(K).one),
  ...get(e),
  ...f32x4Add,
  ...f32x4Div,
  ...localTee(r),
  ...get(e),
  ...get(r),
  ...f32x4Mul,
  ...get(z),
  ...f32x4Const(0),
  ...f32x4Ge,
  ...v128Bitselect,
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
      ...get(x),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(xr),
      ...get(y),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(yr),
      // μ
      ...wasm.v128Zero,
      ...set(acc),
      ...forRange(k, int(0), get(bytes), 16, [...get(acc), ...load(xr, k), ...f32x4Add, ...set(acc)]),
      ...hsum(acc),
      ...get(param),
      ...f32Load(4),
      ...f32Div,
      ...localTee(mu),
      ...f32x4Splat,
      ...set(muv),
      // σ²
      ...wasm.v128Zero,
      ...set(acc),
      ...forRange(k, int(0), get(bytes), 16, [
        ...load(xr, k),
        ...get(muv),
        ...f32x4Sub,
        ...localTee(t),
        ...get(t),
        ...f32x4Mul,
        ...get(acc),
        ...f32x4Add,
        ...set(acc),
      ]),
      ...wasm.f32Const(1),
      ...hsum(acc),
      ...get(param),
      ...f32Load(4),
      ...f32Div,
      ...get(param),
      ...f32Load(0),
      ...f32Add,
      ...f32Sqrt,
      ...f32Div,
      ...localTee(rs),
      ...f32x4Splat,
      ...set(rsv),
      ...get(mean),
      ...mul(get(r), int(4)),
      ...wasm.i32Add,
      ...get(mu),
      ...f32Store(),
      ...get(rstd),
      ...mul(get(r), int(4)),
      ...wasm.i32Add,
      ...get(rs),
      ...f32Store(),
      // y
      ...forRange(k, int(0), get(bytes), 16, [
        ...at(yr, k),
        ...load(xr, k),
        ...get(muv),
        ...f32x4Sub,
        ...get(rsv),
        ...f32x4Mul,
        ...load(gamma, k),
        ...f32x4Mul,
        ...load(beta, k),
        ...f32x4Add,
        ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'lnForward',
      params: 10,
      locals: [
        [5, I32],
        [2, F32],
        [4, V128],
      ],
      body: [...mul(get(d), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  // lnBackward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, r0, r1, d, param)
  {
    const [dy, x, gamma, mean, rstd, dx, dgamma, dbeta, r0, r1, d, param] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const [r, k, xr, dyr, dxr, bytes] = [12, 13, 14, 15, 16, 17];
    const [a1, a2, muv, rsv, xh, g, m1, m2] = [18, 19, 20, 21, 22, 23, 24, 25];
    const rowAt = (base: number, dst: number): Code => [
      ...get(base),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(dst),
    ];
    const xhat: Code = [...load(xr, k), ...get(muv), ...f32x4Sub, ...get(rsv), ...f32x4Mul, ...set(xh)];
    const row: number[] = [
      ...rowAt(x, xr),
      ...rowAt(dy, dyr),
      ...rowAt(dx, dxr),
      ...get(mean),
      ...mul(get(r), int(4)),
      ...wasm.i32Add,
      ...f32Load(),
      ...f32x4Splat,
      ...set(muv),
      ...get(rstd),
      ...mul(get(r), int(4)),
      ...wasm.i32Add,
      ...f32Load(),
      ...f32x4Splat,
      ...set(rsv),
      ...wasm.v128Zero,
      ...set(a1),
      ...wasm.v128Zero,
      ...set(a2),
      ...forRange(k, int(0), get(bytes), 16, [
        ...xhat,
        ...load(dyr, k),
        ...load(gamma, k),
        ...f32x4Mul,
        ...set(g),
        ...get(a1),
        ...get(g),
        ...f32x4Add,
        ...set(a1),
        ...get(a2),
        ...get(g),
        ...get(xh),
        ...f32x4Mul,
        ...f32x4Add,
        ...set(a2),
        ...accumulate(dgamma, k, [...load(dyr, k), ...get(xh), ...f32x4Mul]),
        ...accumulate(dbeta, k, load(dyr, k)),
      ]),
      ...hsum(a1),
      ...get(param),
      ...f32Load(4),
      ...f32Div,
      ...f32x4Splat,
      ...set(m1),
      ...hsum(a2),
      ...get(param),
      ...f32Load(4),
      ...f32Div,
      ...f32x4Splat,
      ...set(m2),
      ...forRange(k, int(0), get(bytes), 16, [
        ...xhat,
        ...at(dxr, k),
        ...load(dyr, k),
        ...load(gamma, k),
        ...f32x4Mul,
        ...get(m1),
        ...f32x4Sub,
        ...get(xh),
        ...get(m2),
        ...f32x4Mul,
        ...f32x4Sub,
        ...get(rsv),
        ...f32x4Mul,
        ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'lnBackward',
      params: 12,
      locals: [
        [6, I32],
        [8, V128],
      ],
      body: [...mul(get(d), int(4)), ...set(bytes), ...forRange(r, get(r0), get(r1), 1, row), ...wasm.end],
    });
  }

  /** `u = x + b`, `u²`, `s = σ(c(u + a·u³))` for the entry at `xr + k` into v128 locals (`K`: the constants). */
  const geluCore = (
    xr: number,
    b: number,
    k: number,
    u: number,
    u2: number,
    s: number,
    z: number,
    e: number,
    n: number,
    rr: number,
    K: number,
  ): Code => [
    ...load(xr, k),
    ...load(b, k),
    ...f32x4Add,
    ...localTee(u),
    ...get(u),
    ...f32x4Mul,
    ...set(u2),
    ...get(u),
    ...get(u2),
    ...get(u),
    ...f32x4Mul,
    ...get(geluLocals(K).a),
    ...f32x4Mul,
    ...f32x4Add,
    ...get(geluLocals(K).c),
    ...f32x4Mul,
    ...set(z),
    ...sigmoid(z, e, n, rr, K),
    ...set(s),
  ];

  // geluForward(x, b, y, r0, r1, n)
  {
    const [x, b, y, r0, r1, n] = [0, 1, 2, 3, 4, 5];
    const [r, k, xr, yr, bytes] = [6, 7, 8, 9, 10];
    const [u, u2, s, z, e, nn, rr] = [11, 12, 13, 14, 15, 16, 17];
    const K = 18;
    const row: number[] = [
      ...get(x),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(xr),
      ...get(y),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(yr),
      ...forRange(k, int(0), get(bytes), 16, [
        ...geluCore(xr, b, k, u, u2, s, z, e, nn, rr, K),
        ...at(yr, k),
        ...get(u),
        ...get(s),
        ...f32x4Mul,
        ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'geluForward',
      params: 6,
      locals: [
        [5, I32],
        [7, V128],
        [GELU_CONSTANTS, V128],
      ],
      body: [
        ...geluConstants(K),
        ...mul(get(n), int(4)),
        ...set(bytes),
        ...forRange(r, get(r0), get(r1), 1, row),
        ...wasm.end,
      ],
    });
  }

  // geluBackward(dy, x, b, dx, db, r0, r1, n)
  {
    const [dy, x, b, dx, db, r0, r1, n] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [r, k, xr, dyr, dxr, bytes] = [8, 9, 10, 11, 12, 13];
    const [u, u2, s, z, e, nn, rr, du] = [14, 15, 16, 17, 18, 19, 20, 21];
    const K = 22;
    const G = geluLocals(K);
    const rowAt = (base: number, dst: number): Code => [
      ...get(base),
      ...mul(get(r), get(bytes)),
      ...wasm.i32Add,
      ...set(dst),
    ];
    const row: number[] = [
      ...rowAt(x, xr),
      ...rowAt(dy, dyr),
      ...rowAt(dx, dxr),
      ...forRange(k, int(0), get(bytes), 16, [
        ...geluCore(xr, b, k, u, u2, s, z, e, nn, rr, K),
        // gelu'(u) = s + u·s(1 − s)·c·(1 + 3a·u²)
        ...get(s),
        ...get(u),
        ...get(s),
        ...f32x4Mul,
        ...get(G.one),
        ...get(s),
        ...f32x4Sub,
        ...f32x4Mul,
        ...get(G.c),
        ...f32x4Mul,
        ...get(G.one),
        ...get(u2),
        ...get(G.a3),
        ...f32x4Mul,
        ...f32x4Add,
        ...f32x4Mul,
        ...f32x4Add,
        ...load(dyr, k),
        ...f32x4Mul,
        ...set(du),
        ...at(dxr, k),
        ...get(du),
        ...v128Store(),
        ...accumulate(db, k, get(du)),
      ]),
    ];
    fns.push({
      name: 'geluBackward',
      params: 8,
      locals: [
        [6, I32],
        [8, V128],
        [GELU_CONSTANTS, V128],
      ],
      body: [
        ...geluConstants(K),
        ...mul(get(n), int(4)),
        ...set(bytes),
        ...forRange(r, get(r0), get(r1), 1, row),
        ...wasm.end,
      ],
    });
  }

  // adam(p, g, m, v, n, param, decay)
  {
    const [p, g, m, v, n, param, decay] = [0, 1, 2, 3, 4, 5, 6];
    const [k, bytes] = [7, 8];
    const [b1, nb1, b2, nb2, c1, c2, eps, lambda, lr, gv, m1, v1, upd] = [
      9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
    ];
    const splat = (local: number, index: number): Code => [
      ...get(param),
      ...f32Load(4 * index),
      ...f32x4Splat,
      ...set(local),
    ];
    const body = (withDecay: boolean): Code =>
      forRange(k, int(0), get(bytes), 16, [
        ...load(g, k),
        ...set(gv),
        ...get(m),
        ...get(k),
        ...wasm.i32Add,
        ...load(m, k),
        ...get(b1),
        ...f32x4Mul,
        ...get(gv),
        ...get(nb1),
        ...f32x4Mul,
        ...f32x4Add,
        ...localTee(m1),
        ...v128Store(),
        ...get(v),
        ...get(k),
        ...wasm.i32Add,
        ...load(v, k),
        ...get(b2),
        ...f32x4Mul,
        ...get(gv),
        ...get(gv),
        ...f32x4Mul,
        ...get(nb2),
        ...f32x4Mul,
        ...f32x4Add,
        ...localTee(v1),
        ...v128Store(),
        ...get(m1),
        ...get(c1),
        ...f32x4Div,
        ...get(v1),
        ...get(c2),
        ...f32x4Div,
        ...f32x4Sqrt,
        ...get(eps),
        ...f32x4Add,
        ...f32x4Div,
        ...set(upd),
        ...(withDecay ? [...get(upd), ...load(p, k), ...get(lambda), ...f32x4Mul, ...f32x4Add, ...set(upd)] : []),
        ...at(p, k),
        ...load(p, k),
        ...get(upd),
        ...get(lr),
        ...f32x4Mul,
        ...f32x4Sub,
        ...v128Store(),
      ]);
    fns.push({
      name: 'adam',
      params: 7,
      locals: [
        [2, I32],
        [13, V128],
      ],
      body: [
        ...mul(get(n), int(4)),
        ...set(bytes),
        ...splat(b1, 0),
        ...splat(nb1, 1),
        ...splat(b2, 2),
        ...splat(nb2, 3),
        ...splat(c1, 4),
        ...splat(c2, 5),
        ...splat(eps, 6),
        ...splat(lambda, 7),
        ...splat(lr, 8),
        ...get(decay),
        ...wasm.ifThen,
        ...body(true),
        ...wasm.orElse,
        ...body(false),
        ...wasm.end,
        ...wasm.end,
      ],
    });
  }

  // attention: shared address arithmetic. Row (b, t) of a [B·T, H·dh] operand, head h:
  // base + (b·T + t)·dB + h·dhB.
  const headRow = (base: number, b: number, t: number, T: number, h: number, dB: number, dhB: number): Code => [
    ...get(base),
    ...get(b),
    ...get(T),
    ...wasm.i32Mul,
    ...get(t),
    ...wasm.i32Add,
    ...get(dB),
    ...wasm.i32Mul,
    ...wasm.i32Add,
    ...get(h),
    ...get(dhB),
    ...wasm.i32Mul,
    ...wasm.i32Add,
  ];
  /** `Σ_c a[c]·b[c]` over `dhB` bytes (v128 accumulator `acc`, counter `c`) as f32 on the stack. */
  const dot = (a: number, b: number, c: number, dhB: number, acc: number): Code => [
    ...wasm.v128Zero,
    ...set(acc),
    ...forRange(c, int(0), get(dhB), 16, [
      ...get(acc),
      ...load(a, c),
      ...load(b, c),
      ...f32x4Mul,
      ...f32x4Add,
      ...set(acc),
    ]),
    ...hsum(acc),
  ];
  /** `dst[c] += splat(s)·src[c]` over `dhB` bytes. */
  const axpy = (dst: number, s: Code, src: number, c: number, dhB: number): Code =>
    forRange(c, int(0), get(dhB), 16, accumulate(dst, c, [...s, ...f32x4Splat, ...load(src, c), ...f32x4Mul]));
  const f32At = (base: number, index: number): Code => [
    ...get(base),
    ...get(index),
    ...int(4),
    ...wasm.i32Mul,
    ...wasm.i32Add,
  ];

  // attnForward(q, k, v, p, o, B, T, H, dh, Tp, param)
  {
    const [q, k, v, p, o, B, T, H, dh, Tp, param] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const [b, h, i, j, c, dB, dhB, tpB, qi, kj, row, oi, vj] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
    const [mx, scale] = [24, 25];
    const [acc, e, n, r, sumv] = [26, 27, 28, 29, 30];
    const perRow: number[] = [
      ...headRow(q, b, i, T, h, dB, dhB),
      ...set(qi),
      ...get(p),
      ...get(b),
      ...get(H),
      ...wasm.i32Mul,
      ...get(h),
      ...wasm.i32Add,
      ...get(T),
      ...wasm.i32Mul,
      ...get(i),
      ...wasm.i32Add,
      ...get(tpB),
      ...wasm.i32Mul,
      ...wasm.i32Add,
      ...set(row),
      // scores: row[j] = q_i·k_j·scale + bias_ij
      ...forRange(j, int(0), get(T), 1, [
        ...headRow(k, b, j, T, h, dB, dhB),
        ...set(kj),
        ...f32At(row, j),
        ...dot(qi, kj, c, dhB, acc),
        ...get(scale),
        ...f32Mul,
        ...f32At(row, j),
        ...f32Load(),
        ...f32Add,
        ...f32Store(),
      ]),
      // max, exp(z − max), Σ, normalise
      ...f32x4Const(-Infinity),
      ...set(acc),
      ...forRange(c, int(0), get(tpB), 16, [...get(acc), ...load(row, c), ...f32x4Max, ...set(acc)]),
      ...get(acc),
      ...f32x4ExtractLane(0),
      ...get(acc),
      ...f32x4ExtractLane(1),
      ...f32Max,
      ...get(acc),
      ...f32x4ExtractLane(2),
      ...f32Max,
      ...get(acc),
      ...f32x4ExtractLane(3),
      ...f32Max,
      ...set(mx),
      ...wasm.v128Zero,
      ...set(sumv),
      ...forRange(c, int(0), get(tpB), 16, [
        ...load(row, c),
        ...get(mx),
        ...f32x4Splat,
        ...f32x4Sub,
        ...set(e),
        ...at(row, c),
        ...vectorExp(e, n, r),
        ...localTee(e),
        ...v128Store(),
        ...get(sumv),
        ...get(e),
        ...f32x4Add,
        ...set(sumv),
      ]),
      ...hsum(sumv),
      ...f32x4Splat,
      ...set(sumv),
      ...forRange(c, int(0), get(tpB), 16, [...at(row, c), ...load(row, c), ...get(sumv), ...f32x4Div, ...v128Store()]),
      // o_i = Σ_j p_ij v_j
      ...headRow(o, b, i, T, h, dB, dhB),
      ...set(oi),
      ...forRange(c, int(0), get(dhB), 16, [
        ...wasm.v128Zero,
        ...set(acc),
        ...forRange(j, int(0), get(T), 1, [
          ...headRow(v, b, j, T, h, dB, dhB),
          ...set(vj),
          ...get(acc),
          ...f32At(row, j),
          ...f32Load(),
          ...f32x4Splat,
          ...load(vj, c),
          ...f32x4Mul,
          ...f32x4Add,
          ...set(acc),
        ]),
        ...at(oi, c),
        ...get(acc),
        ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'attnForward',
      params: 11,
      locals: [
        [13, I32],
        [2, F32],
        [5, V128],
      ],
      body: [
        ...mul(get(dh), int(4)),
        ...localTee(dhB),
        ...get(H),
        ...wasm.i32Mul,
        ...set(dB),
        ...mul(get(Tp), int(4)),
        ...set(tpB),
        ...get(param),
        ...f32Load(),
        ...set(scale),
        ...forRange(b, int(0), get(B), 1, forRange(h, int(0), get(H), 1, forRange(i, int(0), get(T), 1, perRow))),
        ...wasm.end,
      ],
    });
  }

  // attnBackward(dO, q, k, v, p, dq, dk, dv, dp, B, T, H, dh, Tp, param)
  {
    const [dO, q, k, v, p, dq, dk, dv, dp, B, T, H, dh, Tp, param] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const [b, h, i, j, c, dB, dhB, tpB, qi, oi, row, kj, vj, dqi, dkj] = [
      15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    ];
    const [scale, sdot, pij] = [30, 31, 32];
    const [acc] = [33];
    const perRow: number[] = [
      ...headRow(q, b, i, T, h, dB, dhB),
      ...set(qi),
      ...headRow(dO, b, i, T, h, dB, dhB),
      ...set(oi),
      ...headRow(dq, b, i, T, h, dB, dhB),
      ...set(dqi),
      ...get(p),
      ...get(b),
      ...get(H),
      ...wasm.i32Mul,
      ...get(h),
      ...wasm.i32Add,
      ...get(T),
      ...wasm.i32Mul,
      ...get(i),
      ...wasm.i32Add,
      ...get(tpB),
      ...wasm.i32Mul,
      ...wasm.i32Add,
      ...set(row),
      // dp_j = dO_i·v_j; Σ p·dp; dv_j += p_ij dO_i
      ...wasm.f32Const(0),
      ...set(sdot),
      ...forRange(j, int(0), get(T), 1, [
        ...headRow(v, b, j, T, h, dB, dhB),
        ...set(vj),
        ...f32At(row, j),
        ...f32Load(),
        ...set(pij),
        ...f32At(dp, j),
        ...dot(oi, vj, c, dhB, acc),
        ...f32Store(),
        ...get(sdot),
        ...get(pij),
        ...f32At(dp, j),
        ...f32Load(),
        ...f32Mul,
        ...f32Add,
        ...set(sdot),
        ...headRow(dv, b, j, T, h, dB, dhB),
        ...set(vj),
        ...axpy(vj, get(pij), oi, c, dhB),
      ]),
      // ds_j = scale·p_ij·(dp_j − Σ); dk_j += ds_j q_i
      ...forRange(j, int(0), get(T), 1, [
        ...f32At(dp, j),
        ...f32At(row, j),
        ...f32Load(),
        ...f32At(dp, j),
        ...f32Load(),
        ...get(sdot),
        ...f32Sub,
        ...f32Mul,
        ...get(scale),
        ...f32Mul,
        ...localTee(pij),
        ...f32Store(),
        ...headRow(dk, b, j, T, h, dB, dhB),
        ...set(dkj),
        ...axpy(dkj, get(pij), qi, c, dhB),
      ]),
      // dq_i = Σ_j ds_j k_j
      ...forRange(c, int(0), get(dhB), 16, [
        ...wasm.v128Zero,
        ...set(acc),
        ...forRange(j, int(0), get(T), 1, [
          ...headRow(k, b, j, T, h, dB, dhB),
          ...set(kj),
          ...get(acc),
          ...f32At(dp, j),
          ...f32Load(),
          ...f32x4Splat,
          ...load(kj, c),
          ...f32x4Mul,
          ...f32x4Add,
          ...set(acc),
        ]),
        ...at(dqi, c),
        ...get(acc),
        ...v128Store(),
      ]),
    ];
    fns.push({
      name: 'attnBackward',
      params: 15,
      locals: [
        [15, I32],
        [3, F32],
        [1, V128],
      ],
      body: [
        ...mul(get(dh), int(4)),
        ...localTee(dhB),
        ...get(H),
        ...wasm.i32Mul,
        ...set(dB),
        ...mul(get(Tp), int(4)),
        ...set(tpB),
        ...get(param),
        ...f32Load(),
        ...set(scale),
        ...forRange(b, int(0), get(B), 1, forRange(h, int(0), get(H), 1, forRange(i, int(0), get(T), 1, perRow))),
        ...wasm.end,
      ],
    });
  }

  return assembleSharedModule(fns, minPages, maxPages, [...EXP_GLOBALS, ...GELU_GLOBALS]);
}
