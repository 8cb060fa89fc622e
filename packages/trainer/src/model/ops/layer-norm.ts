import { tf } from '../../backend/tf.js';
import { sharedDenseKernels, usesDenseKernels } from '../../kernels/dense-kernel.js';

/**
 * Layer normalisation over the last axis: `γ ⊙ (x − μ)/√(σ² + ε) + β` (biased variance). On the backends of
 * `FUSED_KERNEL_BACKENDS` (and a width that is a multiple of 4) one fused op: forward and backward are one
 * WebAssembly SIMD pass each (`DenseKernels.layerNormForward`/`layerNormBackward`), with
 * `dx = rstd·(g − mean g − x̂·mean(g·x̂))`, `g = dy·γ`, `dγ = Σ dy·x̂`, `dβ = Σ dy`; elsewhere
 * {@link composedLayerNorm}, whose gradient tfjs derives (the same values up to float32 rounding).
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = 1e-5): tf.Tensor {
  const d = x.shape[x.rank - 1]!;
  if (!usesDenseKernels() || d % 4 !== 0) return composedLayerNorm(x, gamma, beta, epsilon);
  const rows = x.size / d;
  const shape = x.shape;
  const op = tf.customGrad(((xt: tf.Tensor, gt: tf.Tensor, bt: tf.Tensor) => {
    const xv = xt.dataSync() as Float32Array;
    const gv = gt.dataSync() as Float32Array;
    const { y, mean, rstd } = sharedDenseKernels().layerNormForward(
      xv,
      gv,
      bt.dataSync() as Float32Array,
      rows,
      d,
      epsilon,
    );
    return {
      value: tf.tensor(y, shape),
      gradFunc: (dy: tf.Tensor) => {
        const g = sharedDenseKernels().layerNormBackward(dy.dataSync() as Float32Array, xv, gv, mean, rstd, rows, d);
        return [tf.tensor(g.dx, shape), tf.tensor1d(g.dgamma), tf.tensor1d(g.dbeta)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    x: tf.Tensor,
    g: tf.Tensor,
    b: tf.Tensor,
  ) => tf.Tensor;
  return op(x, gamma, beta);
}

/** The composed tfjs ops {@link layerNorm} stands for (also its reference in the tests). */
export function composedLayerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}
