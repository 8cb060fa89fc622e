import { tf } from '../../backend/tf.js';
import { usesDenseKernels } from '../../kernels/dense-kernel.js';

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

const composedGatherRows = tf.customGrad(
  gatherWithGrad as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (table: tf.Tensor2D, indices: tf.Tensor1D) => tf.Tensor2D;

/**
 * Rows of `table` `[R, w]` at `indices` (negative: a zero row) on the host: a copy per row (`TypedArray.set`)
 * and, backward, a sequential scatter-add (duplicate indices sum in index order; negative ones get nothing).
 * tfjs-wasm's `GatherV2` took ≈ 8 ms for 768 rows of 64 floats (measured), a memory copy of 0.2 MB.
 */
function hostRows(table: tf.Tensor2D, indices: Int32Array): tf.Tensor2D {
  const [rows, width] = table.shape;
  for (const i of indices) if (!(i < rows)) throw new RangeError(`gatherRows: index ${i} is not below ${rows}`);
  const op = tf.customGrad(((t: tf.Tensor) => {
    const values = t.dataSync() as Float32Array;
    const out = new Float32Array(indices.length * width);
    indices.forEach((i, r) => i >= 0 && out.set(values.subarray(i * width, (i + 1) * width), r * width));
    return {
      value: tf.tensor2d(out, [indices.length, width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dt = new Float32Array(rows * width);
        indices.forEach((i, r) => {
          if (i < 0) return;
          for (let k = 0; k < width; k++) dt[i * width + k] += g[r * width + k]!;
        });
        return [tf.tensor2d(dt, [rows, width])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (t: tf.Tensor) => tf.Tensor2D;
  return op(table);
}

/**
 * Rows of `table` at `indices` (`[N]` int32) → `[N, d]`, differentiable in `table`. On the backends with the
 * dense kernels a host copy (see {@link lookupRows}); elsewhere `tf.gather` with the gradient scattered back
 * with `scatterND` (duplicate indices sum): tfjs' own `gather` gradient needs `UnsortedSegmentSum`, which the
 * wasm backend lacks. The index tensor travels through `save` because a closure would see it disposed.
 */
export function gatherRows(table: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  if (usesDenseKernels()) return hostRows(table, indices.dataSync() as Int32Array);
  return composedGatherRows(table, indices);
}

/**
 * Rows of `table` `[R, d]` at `indices` → `[N, d]`, a zero row wherever the index is negative (padding),
 * differentiable in `table`. On the backends with the dense kernels a host copy; elsewhere `gatherRows` over
 * `table` with a zero row appended.
 */
export function lookupRows(table: tf.Tensor2D, indices: Int32Array): tf.Tensor2D {
  if (usesDenseKernels()) return hostRows(table, indices);
  const [rows, width] = table.shape;
  const padded = tf.concat([table, tf.zeros([1, width])]) as tf.Tensor2D;
  return composedGatherRows(
    padded,
    tf.tensor1d(
      indices.map((i) => (i < 0 ? rows : i)),
      'int32',
    ),
  );
}
