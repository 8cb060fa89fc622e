import { wasm } from '@bladerec/core/internal';
import {
  add,
  assembleSharedModule,
  f32x4Add,
  f32x4Mul,
  forRange,
  get,
  int,
  type KernelFunction,
  mul,
  v128Load32Splat,
  v128Store,
} from './simd-code.js';

/**
 * The WebAssembly SIMD module of the dense products `C = A·B` (`matmul-kernel.ts` runs it on a kernel pool).
 *
 * `gemm(a, sI, sK, b, c, r0, r1, K, N)`: rows `[r0, r1)` (a multiple of 4 apart) of `C` `[M, N]` (row-major)
 * for `C = A·B`, where entry `A[i, k]` sits at byte `a + i·sI + k·sK` (`sI = 4K`, `sK = 4`: `A` row-major
 * `[M, K]`; `sI = 4`, `sK = 4M`: `A` given as its transpose `[K, M]`, for `Xᵀ·dY`) and `B` `[K, N]` is row-major,
 * `N` a multiple of 8. 4 × 8 register tiles: per step of `k` two vectors of `B`'s row `k` and four splats of
 * `A[r … r+3, k]`, eight accumulators started at 0. Each entry is `((0 + a₀b₀) + a₁b₁) + …` in the order of
 * `k`, each product rounded before the add (no fused multiply-add) — the summation of XNNPACK's f32 GEMM
 * micro-kernels under tfjs-wasm's `matMul`, whose results it equals bit for bit (tested).
 */
export const MATMUL_FUNCTIONS = ['gemm'] as const;

const { localGet, localSet, v128Load } = wasm;
const set = localSet;

/** The module (one per pool; shapes are arguments). */
export function matMulKernelModule(minPages: number, maxPages: number): Uint8Array {
  const fns: KernelFunction[] = [];
  // gemm(a, sI, sK, b, c, r0, r1, K, N)
  {
    const [a, sI, sK, b, c, r0, r1, K, N] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const [v, r, k, ap, bp, cp, nB, s2, s3] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
    const acc = [18, 19, 20, 21, 22, 23, 24, 25];
    const [e0, e1, s] = [26, 27, 28];
    const rowOffset = [[], get(sI), get(s2), get(s3)];
    const step: number[] = [...get(bp), ...v128Load(0, 2), ...set(e0), ...get(bp), ...v128Load(16, 2), ...set(e1)];
    for (let i = 0; i < 4; i++) {
      // A[r + i, k] at ap + i·rowB
      step.push(...get(ap), ...(i === 0 ? [] : [...rowOffset[i]!, ...wasm.i32Add]), ...v128Load32Splat(), ...set(s));
      for (const [j, e] of [
        [0, e0],
        [1, e1],
      ] as const)
        step.push(
          ...localGet(acc[2 * i + j]!),
          ...get(s),
          ...get(e),
          ...f32x4Mul,
          ...f32x4Add,
          ...set(acc[2 * i + j]!),
        );
    }
    step.push(...add(get(ap), get(sK)), ...set(ap), ...add(get(bp), get(nB)), ...set(bp));
    const tile: number[] = [];
    for (const x of acc) tile.push(...wasm.v128Zero, ...set(x));
    tile.push(
      ...add(get(a), mul(get(r), get(sI))),
      ...set(ap),
      ...add(get(b), mul(get(v), int(4))),
      ...set(bp),
      ...forRange(k, int(0), get(K), 1, step),
      ...add(add(get(c), mul(get(r), get(nB))), mul(get(v), int(4))),
      ...set(cp),
    );
    for (let i = 0; i < 4; i++) {
      tile.push(
        ...get(cp),
        ...localGet(acc[2 * i]!),
        ...v128Store(0, 2),
        ...get(cp),
        ...localGet(acc[2 * i + 1]!),
        ...v128Store(16, 2),
      );
      if (i < 3) tile.push(...add(get(cp), get(nB)), ...set(cp));
    }
    const body = [
      ...mul(get(N), int(4)),
      ...set(nB),
      ...mul(get(sI), int(2)),
      ...set(s2),
      ...mul(get(sI), int(3)),
      ...set(s3),
      ...forRange(v, int(0), get(N), 8, forRange(r, get(r0), get(r1), 4, tile)),
    ];
    fns.push({
      name: 'gemm',
      params: 9,
      locals: [
        [9, wasm.I32],
        [11, wasm.V128],
      ],
      body: [...body, ...wasm.end],
    });
  }
  return assembleSharedModule(fns, minPages, maxPages);
}
