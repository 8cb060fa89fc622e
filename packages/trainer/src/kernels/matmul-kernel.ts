import { KernelPool, MAX_PAGES, type PoolModule } from './kernel-pool.js';
import { MATMUL_FUNCTIONS, matMulKernelModule } from './matmul-kernel-module.js';

const ALIGN = 64;
const round = (x: number, m: number) => Math.ceil(x / m) * m;

/** Even split of `count` rows into `parts` contiguous ranges, boundaries at multiples of 4. */
function splitRows(count: number, parts: number): [number, number][] {
  const units = Math.ceil(count / 4);
  return Array.from(
    { length: parts },
    (_, t) => [Math.floor((units * t) / parts) * 4, Math.floor((units * (t + 1)) / parts) * 4] as [number, number],
  );
}

/**
 * The dense products of the transformer's projections (`C = A·B`, and the gradients' `dY·Bᵀ` and `Xᵀ·dY`) on
 * the WebAssembly GEMM of `matmul-kernel-module.ts`, the rows of `C` split over the threads of a
 * {@link KernelPool} (every entry is computed by one thread in the same order whatever the split, so the
 * results are bit-identical for any thread count — and equal to tfjs-wasm's `matMul`). Each call copies its
 * operands into the pool's memory and the product out. `N` must be a multiple of 8.
 */
export class MatMulKernel {
  private readonly module: PoolModule;
  /** Wall time in the products (ms, copies included) and calls, for profiles. */
  readonly timing = { matMul: 0, calls: 0 };

  constructor(readonly pool: KernelPool) {
    this.module = pool.load(matMulKernelModule(1, MAX_PAGES), MATMUL_FUNCTIONS);
  }

  /**
   * `C = op(A)·B` `[M, N]` for `B` `[K, N]` and `A` `[M, K]` (`transposeA` false) or `A` `[K, M]` (true: `Aᵀ·B`).
   * @throws RangeError when the sizes do not match or `N` is not a multiple of 8.
   */
  multiply(A: Float32Array, B: Float32Array, M: number, K: number, N: number, transposeA = false): Float32Array {
    const started = performance.now();
    if (N % 8 !== 0 || N <= 0) throw new RangeError(`matMul kernel: N = ${N} is not a positive multiple of 8`);
    if (A.length !== M * K || B.length !== K * N)
      throw new RangeError(
        `matMul kernel: operands of ${A.length} and ${B.length} entries for ` + `[${M}, ${K}]·[${K}, ${N}]`,
      );
    const M4 = round(Math.max(M, 1), 4);
    // A: row-major [M4, K] (zero rows below M), or its transpose [K, M4] (zero columns right of M)
    const oa = 0;
    const ob = round(M4 * K * 4, ALIGN);
    const oc = ob + round(K * N * 4, ALIGN);
    this.pool.reserve(oc + M4 * N * 4);
    const f32 = new Float32Array(this.pool.memory.buffer);
    if (!transposeA) {
      f32.set(A, oa / 4);
      f32.fill(0, oa / 4 + M * K, oa / 4 + M4 * K);
    } else if (M4 === M) {
      f32.set(A, oa / 4);
    } else {
      for (let k = 0; k < K; k++) {
        f32.set(A.subarray(k * M, (k + 1) * M), oa / 4 + k * M4);
        f32.fill(0, oa / 4 + k * M4 + M, oa / 4 + (k + 1) * M4);
      }
    }
    f32.set(B, ob / 4);
    const [sI, sK] = transposeA ? [4, M4 * 4] : [K * 4, 4];
    this.pool.run(
      this.module,
      'gemm',
      splitRows(M4, this.pool.threads).map(([r0, r1]) => (r0 < r1 ? [oa, sI, sK, ob, oc, r0, r1, K, N] : undefined)),
    );
    const C = f32.slice(oc / 4, oc / 4 + M * N);
    this.timing.matMul += performance.now() - started;
    this.timing.calls++;
    return C;
  }
}
