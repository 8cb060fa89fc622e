import { tf } from '../../backend/tf.js';

function gatherWithGrad(table: tf.Tensor, indices: tf.Tensor, save: tf.GradSaveFunc) {
  save([indices]);
  const rows = table.shape[0]!;
  const width = table.shape[1]!;
  return {
    value: tf.gather(table, indices) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const idx = saved[0]!;
      return [tf.scatterND(tf.reshape(idx, [-1, 1]), dy, [rows, width]), tf.zerosLike(idx)];
    },
  };
}

/**
 * Rows of `table` at `indices` (`[N]` int32) → `[N, d]`, with the gradient scattered back with
 * `scatterND` (duplicate indices sum). tfjs' own `gather` gradient needs `UnsortedSegmentSum`,
 * which the wasm backend lacks. The index tensor travels through `save` because a closure would
 * see it disposed.
 */
export const gatherRows = tf.customGrad(gatherWithGrad as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (table: tf.Tensor2D, indices: tf.Tensor1D) => tf.Tensor2D;
