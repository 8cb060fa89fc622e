import { tf } from '../../backend/tf.js';

function logProbsWithGrad(z: tf.Tensor, targets: tf.Tensor, save: tf.GradSaveFunc) {
  const [rows, vocab] = z.shape as [number, number];
  const p = tf.softmax(z as tf.Tensor2D);
  const flatIndex = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
  const zt = tf.gather(tf.reshape(z, [-1]), flatIndex);
  const logp = tf.add(tf.sub(zt, tf.max(z, 1)), tf.log(tf.max(p, 1)));
  save([p, targets]);
  return {
    value: logp as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sp, st] = saved as [tf.Tensor2D, tf.Tensor1D];
      const onehot = tf.cast(tf.oneHot(st, vocab), 'float32');
      return [tf.mul(tf.sub(onehot, sp), tf.reshape(dy, [-1, 1])), tf.zerosLike(st)];
    },
  };
}

const fused = tf.customGrad(logProbsWithGrad as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
  z: tf.Tensor,
  targets: tf.Tensor,
) => tf.Tensor;

/**
 * `log softmax(logits + mask)[r, targets[r]]` for every row r → `[P]`, with the fused gradient
 *
 *   ∂/∂logits[r] = g_r · (onehot(targets[r]) − softmax(logits[r] + mask[r])).
 *
 * `mask` (optional, `[P, V]`) is additive: 0 to keep an item, a large negative number to exclude
 * it. The log-probability is computed from the (fast) softmax kernel without an `exp` pass:
 * `log p_t = z_t − max z + log max softmax(z)`, exact because `max softmax = exp(max z − lse)`.
 */
export function selectedLogProbs(logits: tf.Tensor2D, targets: tf.Tensor1D, mask?: tf.Tensor2D): tf.Tensor1D {
  const z = mask ? tf.add(logits, mask) : logits;
  return fused(z, targets) as tf.Tensor1D;
}
