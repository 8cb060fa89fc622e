import { tf } from '../../backend/tf.js';
import { sharedDenseKernels, usesDenseKernels } from '../../kernels/dense-kernel.js';

const C = 2 * Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016): `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`,
 * computed through the identity `½(1 + tanh u) = σ(2u)` because the wasm backend's sigmoid is an
 * order of magnitude faster than its tanh (and `x·x·x` than `pow(x, 3)`).
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cube = tf.mul(tf.mul(x, x), x);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(cube, 0.044715)), C)));
}

/**
 * `gelu(x + b)` for `x` `[rows, n]` and a bias `b` `[n]` broadcast over the rows (the feed-forward's inner
 * activation). On the backends of `FUSED_KERNEL_BACKENDS` (and `n` a multiple of 4) one fused op: forward
 * and backward are one WebAssembly SIMD pass each (`DenseKernels.geluForward`/`geluBackward`:
 * `dx = dy·gelu'(x + b)`, `db = Σ_rows dx`, the bias add recomputed rather than kept); elsewhere
 * `gelu(tf.add(x, b))`.
 */
export function biasGelu(x: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const [rows, n] = x.shape;
  if (!usesDenseKernels() || n % 4 !== 0) return gelu(tf.add(x, b)) as tf.Tensor2D;
  const op = tf.customGrad(((xt: tf.Tensor, bt: tf.Tensor) => {
    const xv = xt.dataSync() as Float32Array;
    const bv = bt.dataSync() as Float32Array;
    return {
      value: tf.tensor2d(sharedDenseKernels().geluForward(xv, bv, rows, n), [rows, n]),
      gradFunc: (dy: tf.Tensor) => {
        const g = sharedDenseKernels().geluBackward(dy.dataSync() as Float32Array, xv, bv, rows, n);
        return [tf.tensor2d(g.dx, [rows, n]), tf.tensor1d(g.db)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;
  return op(x, b);
}
