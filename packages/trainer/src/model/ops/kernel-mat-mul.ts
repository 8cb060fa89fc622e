import { tf } from '../../backend/tf.js';
import { usesFusedKernels } from '../../kernels/fused-backends.js';
import { sharedMatMulKernel } from '../../kernels/vocab-kernel.js';

/**
 * Whether the dense projections (attention q/k/v/out, the two feed-forward products) run on the pool's GEMM
 * ({@link kernelMatMul}): on the `wasm` backend with the fused kernels on, when `BLADE_MATMUL_KERNEL=1`.
 * Only `wasm`: there the kernel's products equal tfjs's `matMul` bit for bit (XNNPACK sums in the same order);
 * the `cpu` backend's blocked sums round differently.
 */
export function usesMatMulKernel(backend: string = tf.getBackend()): boolean {
  return backend === 'wasm' && process.env['BLADE_MATMUL_KERNEL'] === '1' && usesFusedKernels(backend);
}

/** `Bᵀ` `[N, K]` of a row-major `B` `[K, N]`. */
function transpose(B: Float32Array, K: number, N: number): Float32Array {
  const out = new Float32Array(K * N);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) out[n * K + k] = B[k * N + n]!;
  return out;
}

/**
 * `a·w` for `a` `[M, K]` and `w` `[K, N]` as one op on the kernel pool's GEMM (`MatMulKernel`, rows split over
 * the threads), with its gradient `da = dy·wᵀ`, `dw = aᵀ·dy` on the same kernel — the products and the
 * summation order of the composed `matMul` on tfjs-wasm, so the results are the same bits. Needs `K` and `N`
 * multiples of 8; otherwise (and where {@link usesMatMulKernel} is false) the caller's composed product.
 */
export function kernelMatMul(a: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [M, K] = a.shape;
  const N = w.shape[1];
  const op = tf.customGrad(((at: tf.Tensor, wt: tf.Tensor) => {
    const av = at.dataSync() as Float32Array;
    const wv = wt.dataSync() as Float32Array;
    const kernel = sharedMatMulKernel();
    return {
      value: tf.tensor2d(kernel.multiply(av, wv, M, K, N), [M, N]),
      gradFunc: (dy: tf.Tensor) => {
        const dv = dy.dataSync() as Float32Array;
        return [
          tf.tensor2d(kernel.multiply(dv, transpose(wv, K, N), M, N, K), [M, K]),
          tf.tensor2d(kernel.multiply(av, dv, K, M, N, true), [K, N]),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;
  return op(a, w);
}

/** Whether {@link kernelMatMul} takes these shapes (`K`, `N` multiples of 8) on the current backend. */
export function kernelMatMulApplies(a: tf.Tensor, w: tf.Tensor): boolean {
  return a.rank === 2 && w.rank === 2 && a.shape[1]! % 8 === 0 && w.shape[1]! % 8 === 0 && usesMatMulKernel();
}
