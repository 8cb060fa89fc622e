import { tf } from '../../backend/tf.js';

function matMulWithGrad(a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      const perm = sa.rank === 3 ? [0, 2, 1] : [1, 0];
      return [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(sb, perm) as tf.Tensor2D),
        tf.matMul(tf.transpose(sa, perm) as tf.Tensor2D, dy as tf.Tensor2D),
      ];
    },
  };
}

/**
 * `a · b` for 2-D or batched 3-D operands, with a gradient built from explicit transposes:
 * on the wasm backend `matMul` with `transposeA/B` flags is an order of magnitude slower than a
 * `transpose` followed by a plain `matMul` (measured; see `docs/performance.md`).
 *
 *   d a = d y · bᵀ,   d b = aᵀ · d y
 */
export const matMul = tf.customGrad(matMulWithGrad as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as <
  T extends tf.Tensor,
>(
  a: T,
  b: tf.Tensor,
) => T;
