import { tf } from '../../backend/tf.js';

function outputWithGrad(h: tf.Tensor, embedding: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) {
  save([h, embedding]);
  return {
    value: tf.add(tf.matMul(h as tf.Tensor2D, tf.transpose(embedding) as tf.Tensor2D), bias) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sh, se] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      const gt = tf.transpose(g) as tf.Tensor2D;
      return [tf.matMul(g, se), tf.matMul(gt, sh), tf.sum(gt, 1)];
    },
  };
}

/**
 * The tied output layer `logits = h · Eᵀ + b` (`[P, d]`, `[V, d]`, `[V]` → `[P, V]`) with a hand-written
 * gradient: `dh = G·E`, `dE = Gᵀ·h`, `db = Σ_rows G` (taken from the transposed `Gᵀ`, a fast
 * last-axis sum, where tfjs' own column sum of `G` is ~10× slower on wasm; explicit transposes
 * avoid the slow transposed-operand matMul path).
 */
export const outputLogits = tf.customGrad(
  outputWithGrad as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (h: tf.Tensor2D, embedding: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;
