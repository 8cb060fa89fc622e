import { wasm } from '@bladerec/core/internal';
import {
  add,
  assembleSharedModule,
  type Code,
  f32Add,
  f32Max,
  f32Mul,
  f32Store,
  f32x4Add,
  f32x4Const,
  f32x4ExtractLane,
  f32x4Max,
  f32x4Mul,
  f32x4RelaxedMadd,
  f32x4Splat,
  f32x4Sub,
  forRange,
  get,
  i32GeS,
  i32LeS,
  int,
  type KernelFunction,
  mul,
  sub,
  v128Load32Splat,
  v128Store,
} from './simd-code.js';
import { EXP_CONSTANTS, EXP_GLOBALS, expConstants, vectorExp } from './simd-exp.js';

/**
 * The WebAssembly module of the fused vocabulary kernels, generated for one padded model width `D`
 * (a multiple of 8; the loops over the hidden dimension are unrolled with static offsets).
 *
 * Layouts (f32, byte addresses; `P4` = rows padded to a multiple of 4, `Vp` = vocabulary padded to a
 * multiple of 8 with bias −∞ and zero embeddings, so padded items never count):
 * - `h` `[P4, D]` row-major, `e` `[Vp, D]` row-major, `panels`: `E` packed in panels of 8 items,
 *   `panels[j][k][0…7] = E[8j … 8j+7, k]` (the forward product reads 8 consecutive items per `k`);
 * - `banOff` `[P4 + 1]`, `banItems`: the additive entries of row r are the pairs `banItems[banOff[r] … banOff[r+1]]`,
 *   each `(item: i32, value: f32)` (8 bytes): −∞ bans the item, a finite value adds to its logit.
 *
 * Functions (all `(i32 …) → ()`; `forward` and `backward` are what the pool runs, one call per thread):
 * - `logits(h, panels, bias, r0, r1, out, outStride, c0, c1)`: `out[r − r0][v − c0] = h_r·E_v + b_v` for
 *   rows `[r0, r1)` (step 4) and items `[c0, c1)` (step 8), 4×8 register tiles.
 * - `banned(z, stride, r0, r1, c0, c1, banOff, banItems)`: adds each row's entries to the tile (−∞ bans).
 * - `rowStats(z, stride, r0, r1, width, targets, max, sum, zt, keep)`: per row, `max z`, `Σ exp(z − max)`
 *   (vector exp) and the target's logit; with `keep`, `exp(z − max)` overwrites the row's logits.
 * - `gradTransform(src, srcStride, z, rows, width, c0, max, coef, dy, targets, kept)`:
 *   `G = dy·(onehot(t) − softmax z)` from the logits at `src` (with `kept`: their `exp(z − max)`) into `z`,
 *   as `exp(z − max)·coef + dy·onehot(t)` with `coef = −dy / Σ exp(z − max)` (no rounded `lse`, whose
 *   float32 ulp would be a relative error of `ε·|lse|` in every probability at large logits).
 * - `gradE(g, rows, width, h, dE, db)`: `dE = Gᵀ·h`, `db = Σ_rows G` for a chunk of items.
 * - `gradH(g, rows, width, e, dh)`: `dh += G·E_chunk`.
 * - `forward(h, panels, bias, ra, rb, scratch, vp, banOff, banItems, targets, max, sum, zt, store)`: rows
 *   `[ra, rb)` in groups of {@link FORWARD_ROWS}; with `store` the rows' `exp(z − max)` stay at
 *   `scratch + r·vp·4` (the exponentials the backward pass would otherwise recompute).
 * - `backward(h, e, panels, bias, rows, va, vb, scratch, max, coef, dy, targets, banOff, banItems, dE, db, dh,
 *   zs, vp)`:
 *   items `[va, vb)` in chunks of {@link CHUNK}: `exp(z − max)` of every row for the chunk — what the forward
 *   pass kept at `zs`, or the logits recomputed when `zs = 0` and exponentiated (bit-identical: the same tiles in
 *   the same order, the same exp of the same difference) — turned into `G`, then `dE`, `db` and this thread's
 *   partial `dh`.
 */

/** Rows per forward group (their logits over the whole vocabulary sit in the thread's scratch). */
export const FORWARD_ROWS = 8;
/**
 * Steps of the hidden dimension per iteration of the logits tile's loop (divides 8). 1 is fastest: V8 compiled
 * the fully unrolled tile (64 steps of straight-line SIMD code) 3× slower than the loop (measured).
 */
export const LOGITS_UNROLL = 1;
/** Items per backward chunk (`rows × CHUNK` floats of scratch per thread). */
export const CHUNK = 64;

export const FN = {
  logits: 0,
  banned: 1,
  rowStats: 2,
  gradTransform: 3,
  gradE: 4,
  gradH: 5,
  forward: 6,
  backward: 7,
  draw: 8,
} as const;

const { localGet, localSet, localTee, i32Load, f32Load, v128Load, f32Const, call } = {
  ...wasm,
  call: (index: number) => [0x10, ...wasm.uleb(index)],
};
const set = localSet;
const V128 = wasm.V128;
const I32 = wasm.I32;
const F32 = wasm.F32;

/** Generates the module for padded width `D`; `relaxed` uses `f32x4.relaxed_madd` for the products. */
export function vocabKernelModule(D: number, relaxed: boolean, minPages: number, maxPages: number): Uint8Array {
  if (D % 8 !== 0 || D <= 0) throw new RangeError(`vocabKernelModule: width ${D} is not a positive multiple of 8`);
  /** `acc += s·e` for v128 locals. */
  const fma = (acc: number, s: number, e: number): Code =>
    relaxed
      ? [...localGet(s), ...localGet(e), ...localGet(acc), ...f32x4RelaxedMadd, ...set(acc)]
      : [...localGet(acc), ...localGet(s), ...localGet(e), ...f32x4Mul, ...f32x4Add, ...set(acc)];
  const fns: KernelFunction[] = [];

  // 0: logits(h, panels, bias, r0, r1, out, outStride, c0, c1)
  {
    const [h, panels, bias, r0, r1, out, outStride, c0, c1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const [v, r, pp, hp, op, pk, hk, kk] = [9, 10, 11, 12, 13, 14, 15, 16];
    const a = [17, 18, 19, 20, 21, 22, 23, 24];
    const [e0, e1, s] = [25, 26, 27];
    const tile: number[] = [];
    for (let i = 0; i < 8; i++)
      tile.push(
        ...localGet(bias),
        ...localGet(v),
        ...int(4),
        ...wasm.i32Mul,
        ...wasm.i32Add,
        ...v128Load((i % 2) * 16, 2),
        ...set(a[i]!),
      );
    // k in a loop of LOGITS_UNROLL steps per iteration (pointers pk, hk walk the panel and the rows)
    const step: number[] = [];
    for (let j = 0; j < LOGITS_UNROLL; j++) {
      step.push(
        ...localGet(pk),
        ...v128Load(j * 32, 4),
        ...set(e0),
        ...localGet(pk),
        ...v128Load(j * 32 + 16, 4),
        ...set(e1),
      );
      for (let i = 0; i < 4; i++) {
        step.push(...localGet(hk), ...v128Load32Splat((i * D + j) * 4), ...set(s));
        step.push(...fma(a[2 * i]!, s, e0), ...fma(a[2 * i + 1]!, s, e1));
      }
    }
    step.push(
      ...add(get(pk), int(32 * LOGITS_UNROLL)),
      ...set(pk),
      ...add(get(hk), int(4 * LOGITS_UNROLL)),
      ...set(hk),
    );
    tile.push(...get(pp), ...set(pk), ...get(hp), ...set(hk), ...forRange(kk, int(0), int(D), LOGITS_UNROLL, step));
    // op = out + (r − r0)·outStride + (v − c0)·4; row i at op + i·outStride
    tile.push(
      ...add(add(get(out), mul(sub(get(r), get(r0)), get(outStride))), mul(sub(get(v), get(c0)), int(4))),
      ...set(op),
    );
    for (let i = 0; i < 4; i++) {
      tile.push(
        ...localGet(op),
        ...localGet(a[2 * i]!),
        ...v128Store(0, 2),
        ...localGet(op),
        ...localGet(a[2 * i + 1]!),
        ...v128Store(16, 2),
      );
      if (i < 3) tile.push(...add(get(op), get(outStride)), ...set(op));
    }
    const body = forRange(v, get(c0), get(c1), 8, [
      ...add(get(panels), mul(get(v), int(D * 4))),
      ...set(pp),
      ...forRange(r, get(r0), get(r1), 4, [...add(get(h), mul(get(r), int(D * 4))), ...set(hp), ...tile]),
    ]);
    fns.push({
      name: 'logits',
      params: 9,
      locals: [
        [8, I32],
        [11, V128],
      ],
      body: [...body, ...wasm.end],
    });
  }

  // 1: banned(z, stride, r0, r1, c0, c1, banOff, banItems)
  {
    const [z, stride, r0, r1, c0, c1, off, items] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [r, j, item, at] = [8, 9, 10, 11];
    const inner = [
      ...add(get(items), mul(get(j), int(8))),
      ...i32Load(),
      ...localTee(item),
      ...localGet(c0),
      ...i32GeS,
      ...localGet(item),
      ...localGet(c1),
      ...wasm.i32LtS,
      ...wasm.i32And,
      ...wasm.ifThen,
      ...add(add(get(z), mul(sub(get(r), get(r0)), get(stride))), mul(sub(get(item), get(c0)), int(4))),
      ...localTee(at),
      ...localGet(at),
      ...f32Load(),
      ...add(get(items), mul(get(j), int(8))),
      ...f32Load(4),
      ...f32Add,
      ...f32Store(),
      ...wasm.end,
    ];
    const body = forRange(
      r,
      get(r0),
      get(r1),
      1,
      forRange(
        j,
        [...add(get(off), mul(get(r), int(4))), ...i32Load()],
        [...add(get(off), mul(get(r), int(4))), ...i32Load(4)],
        1,
        inner,
      ),
    );
    fns.push({ name: 'banned', params: 8, locals: [[4, I32]], body: [...body, ...wasm.end] });
  }

  // 2: rowStats(z, stride, r0, r1, width, targets, max, sum, zt, keep) — keep = 1: each row's exp(z − max)
  //    replaces its logits (the backward pass reads those instead of recomputing the exp)
  {
    const [z, stride, r0, r1, width, targets, maxOut, sumOut, ztOut, keep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [r, v, zp, ra] = [10, 11, 12, 13];
    const [m, acc, x, n, rr, ms] = [14, 15, 16, 17, 18, 19];
    const K = 20;
    const lanes = (local: number, op: Code) => [
      ...localGet(local),
      ...f32x4ExtractLane(0),
      ...localGet(local),
      ...f32x4ExtractLane(1),
      ...op,
      ...localGet(local),
      ...f32x4ExtractLane(2),
      ...op,
      ...localGet(local),
      ...f32x4ExtractLane(3),
      ...op,
    ];
    const exps = (store: boolean) =>
      forRange(v, int(0), get(width), 4, [
        ...add(get(zp), mul(get(v), int(4))),
        ...v128Load(0, 2),
        ...get(ms),
        ...f32x4Sub,
        ...set(x),
        ...vectorExp(x, n, rr, K),
        ...set(x),
        ...get(acc),
        ...get(x),
        ...f32x4Add,
        ...set(acc),
        ...(store ? [...add(get(zp), mul(get(v), int(4))), ...get(x), ...v128Store(0, 2)] : []),
      ]);
    const body = forRange(r, get(r0), get(r1), 1, [
      ...add(get(z), mul(sub(get(r), get(r0)), get(stride))),
      ...set(zp),
      ...mul(get(r), int(4)),
      ...set(ra),
      // the target's logit
      ...add(get(ztOut), get(ra)),
      ...get(zp),
      ...add(get(targets), get(ra)),
      ...i32Load(),
      ...int(4),
      ...wasm.i32Mul,
      ...wasm.i32Add,
      ...f32Load(),
      ...f32Store(),
      // max (f32x4.max, not the cheaper pmax: a NaN logit must make the row's maximum, and so its loss, NaN)
      ...f32x4Const(-Infinity),
      ...set(m),
      ...forRange(v, int(0), get(width), 4, [
        ...get(m),
        ...add(get(zp), mul(get(v), int(4))),
        ...v128Load(0, 2),
        ...f32x4Max,
        ...set(m),
      ]),
      ...add(get(maxOut), get(ra)),
      ...lanes(m, f32Max),
      ...f32Store(),
      ...add(get(maxOut), get(ra)),
      ...f32Load(),
      ...f32x4Splat,
      ...set(ms),
      // Σ exp(z − max)
      ...f32x4Const(0),
      ...set(acc),
      ...get(keep),
      ...wasm.ifThen,
      ...exps(true),
      ...wasm.orElse,
      ...exps(false),
      ...wasm.end,
      ...add(get(sumOut), get(ra)),
      ...lanes(acc, f32Add),
      ...f32Store(),
    ]);
    fns.push({
      name: 'rowStats',
      params: 10,
      locals: [
        [4, I32],
        [6, V128],
        [EXP_CONSTANTS, V128],
      ],
      body: [...expConstants(K), ...body, ...wasm.end],
    });
  }

  // 3: gradTransform(src, srcStride, z, rows, width, c0, max, coef, dy, targets, kept) — reads the logits at
  //    src (row stride srcStride), writes G to z (row stride CHUNK·4):
  //    G = exp(z − max)·coef (coef = −dy/Σ exp(z − max)), plus dy at the target; kept = 1: src holds
  //    exp(z − max) already (rowStats with keep), the same bits
  {
    const [src, srcStride, z, rows, width, c0, maxIn, coef, dy, targets, kept] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const [r, v, zp, t, sp] = [11, 12, 13, 14, 15];
    const [l, g, x, n, rr] = [16, 17, 18, 19, 20];
    const K = 21;
    const scale = (fromLogits: boolean) =>
      forRange(v, int(0), get(width), 4, [
        ...add(get(zp), mul(get(v), int(4))),
        ...add(get(sp), mul(get(v), int(4))),
        ...v128Load(0, 2),
        ...(fromLogits ? [...get(l), ...f32x4Sub, ...set(x), ...vectorExp(x, n, rr, K)] : []),
        ...get(g),
        ...f32x4Mul,
        ...v128Store(0, 2),
      ]);
    const body = forRange(r, int(0), get(rows), 1, [
      ...mul(get(r), int(CHUNK * 4)),
      ...get(z),
      ...wasm.i32Add,
      ...set(zp),
      ...mul(get(r), get(srcStride)),
      ...get(src),
      ...wasm.i32Add,
      ...set(sp),
      ...add(get(maxIn), mul(get(r), int(4))),
      ...v128Load32Splat(),
      ...set(l),
      ...add(get(coef), mul(get(r), int(4))),
      ...v128Load32Splat(),
      ...set(g),
      ...get(kept),
      ...wasm.ifThen,
      ...scale(false),
      ...wasm.orElse,
      ...scale(true),
      ...wasm.end,
      // the target's entry: + dy
      ...sub([...add(get(targets), mul(get(r), int(4))), ...i32Load()], get(c0)),
      ...localTee(t),
      ...int(0),
      ...i32GeS,
      ...get(t),
      ...get(width),
      ...wasm.i32LtS,
      ...wasm.i32And,
      ...wasm.ifThen,
      ...add(get(zp), mul(get(t), int(4))),
      ...add(get(zp), mul(get(t), int(4))),
      ...f32Load(),
      ...add(get(dy), mul(get(r), int(4))),
      ...f32Load(),
      ...f32Add,
      ...f32Store(),
      ...wasm.end,
    ]);
    fns.push({
      name: 'gradTransform',
      params: 11,
      locals: [
        [5, I32],
        [5, V128],
        [EXP_CONSTANTS, V128],
      ],
      body: [...expConstants(K), ...body, ...wasm.end],
    });
  }

  // 4: gradE(g, rows, width, h, dE, db) — g has row stride CHUNK·4, dE/db point at the chunk's first item
  {
    const [g, rows, width, h, dE, db] = [0, 1, 2, 3, 4, 5];
    const [v, kb, r, gp, hp, op] = [6, 7, 8, 9, 10, 11];
    const a = [12, 13, 14, 15, 16, 17, 18, 19];
    const [e0, e1, s] = [20, 21, 22];
    const inner: number[] = [...get(hp), ...v128Load(0, 2), ...set(e0), ...get(hp), ...v128Load(16, 2), ...set(e1)];
    for (let i = 0; i < 4; i++)
      inner.push(
        ...get(gp),
        ...v128Load32Splat(i * 4),
        ...set(s),
        ...fma(a[2 * i]!, s, e0),
        ...fma(a[2 * i + 1]!, s, e1),
      );
    inner.push(...add(get(gp), int(CHUNK * 4)), ...set(gp), ...add(get(hp), int(D * 4)), ...set(hp));
    const zero: number[] = [];
    for (let i = 0; i < 8; i++) zero.push(...f32x4Const(0), ...set(a[i]!));
    const store: number[] = [...add(get(dE), mul(add(mul(get(v), int(D)), get(kb)), int(4))), ...set(op)];
    for (let i = 0; i < 4; i++) {
      store.push(
        ...get(op),
        ...get(a[2 * i]!),
        ...v128Store(i * D * 4, 2),
        ...get(op),
        ...get(a[2 * i + 1]!),
        ...v128Store(i * D * 4 + 16, 2),
      );
    }
    const body = forRange(v, int(0), get(width), 4, [
      ...forRange(kb, int(0), int(D), 8, [
        ...zero,
        ...add(get(g), mul(get(v), int(4))),
        ...set(gp),
        ...add(get(h), mul(get(kb), int(4))),
        ...set(hp),
        ...forRange(r, int(0), get(rows), 1, inner),
        ...store,
      ]),
      // db[v … v+3] = Σ_r G[r, v … v+3]
      ...f32x4Const(0),
      ...set(a[0]!),
      ...add(get(g), mul(get(v), int(4))),
      ...set(gp),
      ...forRange(r, int(0), get(rows), 1, [
        ...get(a[0]!),
        ...get(gp),
        ...v128Load(0, 2),
        ...f32x4Add,
        ...set(a[0]!),
        ...add(get(gp), int(CHUNK * 4)),
        ...set(gp),
      ]),
      ...add(get(db), mul(get(v), int(4))),
      ...get(a[0]!),
      ...v128Store(0, 2),
    ]);
    fns.push({
      name: 'gradE',
      params: 6,
      locals: [
        [6, I32],
        [11, V128],
      ],
      body: [...body, ...wasm.end],
    });
  }

  // 5: gradH(g, rows, width, e, dh) — g has row stride CHUNK·4, e points at the chunk's first item
  {
    const [g, rows, width, e, dh] = [0, 1, 2, 3, 4];
    const [r, kb, v, gp, ep, dp] = [5, 6, 7, 8, 9, 10];
    const a = [11, 12, 13, 14, 15, 16, 17, 18];
    const [e0, e1, s] = [19, 20, 21];
    const load: number[] = [...add(get(dh), mul(add(mul(get(r), int(D)), get(kb)), int(4))), ...set(dp)];
    const store: number[] = [];
    for (let i = 0; i < 4; i++) {
      load.push(
        ...get(dp),
        ...v128Load(i * D * 4, 2),
        ...set(a[2 * i]!),
        ...get(dp),
        ...v128Load(i * D * 4 + 16, 2),
        ...set(a[2 * i + 1]!),
      );
      store.push(
        ...get(dp),
        ...get(a[2 * i]!),
        ...v128Store(i * D * 4, 2),
        ...get(dp),
        ...get(a[2 * i + 1]!),
        ...v128Store(i * D * 4 + 16, 2),
      );
    }
    const inner: number[] = [...get(ep), ...v128Load(0, 2), ...set(e0), ...get(ep), ...v128Load(16, 2), ...set(e1)];
    for (let i = 0; i < 4; i++)
      inner.push(
        ...get(gp),
        ...v128Load32Splat(i * CHUNK * 4),
        ...set(s),
        ...fma(a[2 * i]!, s, e0),
        ...fma(a[2 * i + 1]!, s, e1),
      );
    inner.push(...add(get(gp), int(4)), ...set(gp), ...add(get(ep), int(D * 4)), ...set(ep));
    const body = forRange(
      r,
      int(0),
      get(rows),
      4,
      forRange(kb, int(0), int(D), 8, [
        ...load,
        ...add(get(g), mul(get(r), int(CHUNK * 4))),
        ...set(gp),
        ...add(get(e), mul(get(kb), int(4))),
        ...set(ep),
        ...forRange(v, int(0), get(width), 1, inner),
        ...store,
      ]),
    );
    fns.push({
      name: 'gradH',
      params: 5,
      locals: [
        [6, I32],
        [11, V128],
      ],
      body: [...body, ...wasm.end],
    });
  }

  // 6: forward(h, panels, bias, ra, rb, scratch, vp, banOff, banItems, targets, max, sum, zt, store)
  //    store = 0: each group's logits in the scratch; 1: row r's exp(z − max) kept at scratch + r·vp·4
  {
    const [h, panels, bias, ra, rb, scratch, vp, banOff, banItems, targets, maxOut, sumOut, ztOut, store] = [
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    ];
    const [r, r1, stride, go] = [14, 15, 16, 17];
    const body = [
      ...mul(get(vp), int(4)),
      ...set(stride),
      ...forRange(r, get(ra), get(rb), FORWARD_ROWS, [
        // r1 = min(r + FORWARD_ROWS, rb)
        ...add(get(r), int(FORWARD_ROWS)),
        ...get(rb),
        ...add(get(r), int(FORWARD_ROWS)),
        ...get(rb),
        ...i32LeS,
        ...wasm.select,
        ...set(r1),
        ...add(get(scratch), mul(get(store), mul(get(r), get(stride)))),
        ...set(go),
        ...get(h),
        ...get(panels),
        ...get(bias),
        ...get(r),
        ...get(r1),
        ...get(go),
        ...get(stride),
        ...int(0),
        ...get(vp),
        ...call(FN.logits),
        ...get(go),
        ...get(stride),
        ...get(r),
        ...get(r1),
        ...int(0),
        ...get(vp),
        ...get(banOff),
        ...get(banItems),
        ...call(FN.banned),
        ...get(go),
        ...get(stride),
        ...get(r),
        ...get(r1),
        ...get(vp),
        ...get(targets),
        ...get(maxOut),
        ...get(sumOut),
        ...get(ztOut),
        ...get(store),
        ...call(FN.rowStats),
      ]),
    ];
    fns.push({ name: 'forward', params: 14, locals: [[4, I32]], body: [...body, ...wasm.end] });
  }

  // 7: backward(h, e, panels, bias, rows, va, vb, scratch, max, coef, dy, targets, banOff, banItems, dE, db, dh,
  //    zs, vp)
  //    zs = 0: recompute each chunk's logits (and bans) in the scratch; else read the exp(z − max) the
  //    forward pass kept at zs (row stride vp·4)
  {
    const [h, e, panels, bias, rows, va, vb, scratch, maxIn, coef, dy, targets, banOff, banItems, dE, db, dh, zs, vp] =
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    const [c, c1, w, src, ss] = [19, 20, 21, 22, 23];
    const body = forRange(c, get(va), get(vb), CHUNK, [
      ...add(get(c), int(CHUNK)),
      ...get(vb),
      ...add(get(c), int(CHUNK)),
      ...get(vb),
      ...i32LeS,
      ...wasm.select,
      ...set(c1),
      ...sub(get(c1), get(c)),
      ...set(w),
      ...get(zs),
      ...wasm.i32Eqz,
      ...wasm.ifThen,
      ...get(h),
      ...get(panels),
      ...get(bias),
      ...int(0),
      ...get(rows),
      ...get(scratch),
      ...int(CHUNK * 4),
      ...get(c),
      ...get(c1),
      ...call(FN.logits),
      ...get(scratch),
      ...int(CHUNK * 4),
      ...int(0),
      ...get(rows),
      ...get(c),
      ...get(c1),
      ...get(banOff),
      ...get(banItems),
      ...call(FN.banned),
      ...get(scratch),
      ...set(src),
      ...int(CHUNK * 4),
      ...set(ss),
      ...wasm.orElse,
      ...add(get(zs), mul(get(c), int(4))),
      ...set(src),
      ...mul(get(vp), int(4)),
      ...set(ss),
      ...wasm.end,
      ...get(src),
      ...get(ss),
      ...get(scratch),
      ...get(rows),
      ...get(w),
      ...get(c),
      ...get(maxIn),
      ...get(coef),
      ...get(dy),
      ...get(targets),
      ...get(zs),
      ...wasm.i32Eqz,
      ...wasm.i32Eqz,
      ...call(FN.gradTransform),
      ...get(scratch),
      ...get(rows),
      ...get(w),
      ...get(h),
      ...add(get(dE), mul(get(c), int(D * 4))),
      ...add(get(db), mul(get(c), int(4))),
      ...call(FN.gradE),
      ...get(scratch),
      ...get(rows),
      ...get(w),
      ...add(get(e), mul(get(c), int(D * 4))),
      ...get(dh),
      ...call(FN.gradH),
    ]);
    fns.push({ name: 'backward', params: 19, locals: [[5, I32]], body: [...body, ...wasm.end] });
  }

  // 8: draw(h, panels, bias, ra, rb, scratch, vp, banOff, banItems, uniforms, invT, tempered, pick, max, sum1, zPick,
  //    drawOff)
  //    rows [ra, rb) in groups of FORWARD_ROWS: logits and bans as in forward, then per row either the
  //    first argmax (uniforms = 0: greedy) or inverse-CDF draws over e_i = exp((z_i − max)·invT)
  //    (written to the second half of the scratch, the logits stay): total = Σ e in four lanes, and for
  //    each draw j of the row (drawOff[r] ≤ j < drawOff[r+1]) target = total·u_j, the first i (with
  //    e_i > 0) where the running sum c_i = c_{i−1} + e_i exceeds the target, else the last item with
  //    e_i > 0. sum1 = Σ exp(z − max) (the softmax at temperature 1, for the log-probability of the pick;
  //    equal to total when `tempered` is 0). max and sum1 are per row, pick and zPick per draw (greedy:
  //    one draw per row, at drawOff[r]).
  {
    const [
      h,
      panels,
      bias,
      ra,
      rb,
      scratch,
      vp,
      banOff,
      banItems,
      uniforms,
      invTPtr,
      tempered,
      pickOut,
      maxOut,
      sum1Out,
      zOut,
      drawOff,
    ] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    const [r, r1, r0, stride, zp, ep, v, pick, ra4, j, j4] = [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
    const [m, ms, it, tot, s1, x, y, n, rr, e] = [28, 29, 30, 31, 32, 33, 34, 35, 36, 37];
    const [c, target, ev, total] = [38, 39, 40, 41];
    const K = 42;
    const lanes = (local: number, op: Code) => [
      ...localGet(local),
      ...f32x4ExtractLane(0),
      ...localGet(local),
      ...f32x4ExtractLane(1),
      ...op,
      ...localGet(local),
      ...f32x4ExtractLane(2),
      ...op,
      ...localGet(local),
      ...f32x4ExtractLane(3),
      ...op,
    ];
    const addr = (base: number, index: number) => add(get(base), mul(get(index), int(4)));
    // the pick of draw j and its logit (−∞ when nothing was admissible)
    const writePick = [
      ...add(get(pickOut), get(j4)),
      ...get(pick),
      ...wasm.i32Store(),
      ...add(get(zOut), get(j4)),
      ...get(pick),
      ...int(0),
      ...i32GeS,
      ...wasm.ifResult(wasm.F32),
      ...addr(zp, pick),
      ...f32Load(),
      ...wasm.orElse,
      ...f32Const(-Infinity),
      ...wasm.end,
      ...f32Store(),
    ];
    const perRow = [
      ...add(get(scratch), mul(sub(get(r), get(r0)), get(stride))),
      ...set(zp),
      ...add(get(zp), mul(int(FORWARD_ROWS), get(stride))),
      ...set(ep),
      ...mul(get(r), int(4)),
      ...set(ra4),
      // max
      ...f32x4Const(-Infinity),
      ...set(m),
      ...forRange(v, int(0), get(vp), 4, [...get(m), ...addr(zp, v), ...v128Load(0, 2), ...f32x4Max, ...set(m)]),
      ...add(get(maxOut), get(ra4)),
      ...lanes(m, f32Max),
      ...f32Store(),
      ...add(get(maxOut), get(ra4)),
      ...f32Load(),
      ...f32x4Splat,
      ...set(ms),
      ...get(uniforms),
      ...wasm.i32Eqz,
      ...wasm.ifThen,
      // greedy: the first index of the maximum
      ...int(-1),
      ...set(pick),
      ...int(0),
      ...set(v),
      ...wasm.block,
      ...wasm.loop, // (v from 0)
      ...get(v),
      ...get(vp),
      ...i32GeS,
      ...wasm.brIf(1),
      ...addr(zp, v),
      ...f32Load(),
      ...add(get(maxOut), get(ra4)),
      ...f32Load(),
      ...[0x5b] /* f32.eq */,
      ...wasm.ifThen,
      ...get(v),
      ...set(pick),
      ...wasm.br(2),
      ...wasm.end,
      ...add(get(v), int(1)),
      ...set(v),
      ...wasm.br(0),
      ...wasm.end,
      ...wasm.end,
      ...add(get(drawOff), get(ra4)),
      ...i32Load(),
      ...int(4),
      ...wasm.i32Mul,
      ...set(j4),
      ...writePick,
      ...wasm.orElse,
      // draw
      ...add(get(invTPtr), int(0)),
      ...v128Load32Splat(),
      ...set(it),
      ...f32x4Const(0),
      ...set(tot),
      ...f32x4Const(0),
      ...set(s1),
      ...forRange(v, int(0), get(vp), 4, [
        ...addr(zp, v),
        ...v128Load(0, 2),
        ...get(ms),
        ...f32x4Sub,
        ...set(x),
        ...get(tempered),
        ...wasm.ifThen,
        ...get(s1),
        ...vectorExp(x, n, rr, K),
        ...f32x4Add,
        ...set(s1),
        ...wasm.end,
        ...get(x),
        ...get(it),
        ...f32x4Mul,
        ...set(y),
        ...vectorExp(y, n, rr, K),
        ...set(e),
        ...addr(ep, v),
        ...get(e),
        ...v128Store(0, 2),
        ...get(tot),
        ...get(e),
        ...f32x4Add,
        ...set(tot),
      ]),
      ...get(tempered),
      ...wasm.i32Eqz,
      ...wasm.ifThen,
      ...get(tot),
      ...set(s1),
      ...wasm.end,
      ...add(get(sum1Out), get(ra4)),
      ...lanes(s1, f32Add),
      ...f32Store(),
      ...lanes(tot, f32Add),
      ...set(total),
      ...forRange(
        j,
        [...add(get(drawOff), get(ra4)), ...i32Load()],
        [...add(get(drawOff), get(ra4)), ...i32Load(4)],
        1,
        [
          ...mul(get(j), int(4)),
          ...set(j4),
          ...get(total),
          ...add(get(uniforms), get(j4)),
          ...f32Load(),
          ...f32Mul,
          ...set(target),
          ...int(-1),
          ...set(pick),
          ...f32Const(0),
          ...set(c),
          ...int(0),
          ...set(v),
          ...wasm.block,
          ...wasm.loop,
          ...get(v),
          ...get(vp),
          ...i32GeS,
          ...wasm.brIf(1),
          ...addr(ep, v),
          ...f32Load(),
          ...localTee(ev),
          ...f32Const(0),
          ...[0x5e] /* f32.gt */,
          ...wasm.ifThen,
          ...get(v),
          ...set(pick),
          ...get(c),
          ...get(ev),
          ...f32Add,
          ...localTee(c),
          ...get(target),
          ...[0x5e] /* f32.gt */,
          ...wasm.brIf(2),
          ...wasm.end,
          ...add(get(v), int(1)),
          ...set(v),
          ...wasm.br(0),
          ...wasm.end,
          ...wasm.end,
          ...writePick,
        ],
      ),
      ...wasm.end,
    ];
    const body = [
      ...mul(get(vp), int(4)),
      ...set(stride),
      ...forRange(r0, get(ra), get(rb), FORWARD_ROWS, [
        ...add(get(r0), int(FORWARD_ROWS)),
        ...get(rb),
        ...add(get(r0), int(FORWARD_ROWS)),
        ...get(rb),
        ...i32LeS,
        ...wasm.select,
        ...set(r1),
        ...get(h),
        ...get(panels),
        ...get(bias),
        ...get(r0),
        ...get(r1),
        ...get(scratch),
        ...get(stride),
        ...int(0),
        ...get(vp),
        ...call(FN.logits),
        ...get(scratch),
        ...get(stride),
        ...get(r0),
        ...get(r1),
        ...int(0),
        ...get(vp),
        ...get(banOff),
        ...get(banItems),
        ...call(FN.banned),
        ...forRange(r, get(r0), get(r1), 1, perRow),
      ]),
    ];
    fns.push({
      name: 'draw',
      params: 17,
      locals: [
        [11, I32],
        [10, V128],
        [4, F32],
        [EXP_CONSTANTS, V128],
      ],
      body: [...expConstants(K), ...body, ...wasm.end],
    });
  }

  return assembleSharedModule(fns, minPages, maxPages, EXP_GLOBALS);
}
