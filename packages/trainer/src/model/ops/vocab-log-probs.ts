import { tf } from '../../backend/tf.js';
import { usesFusedKernels } from '../../kernels/fused-backends.js';
import { type BannedItems, sharedVocabKernel } from '../../kernels/vocab-kernel.js';
import { MASKED } from '../alibi.js';
import { outputLogits } from './output-logits.js';
import { selectedLogProbs } from './selected-log-probs.js';

/**
 * Log-probabilities of each row's target under the tied output layer, masked:
 *
 *   logp_r = log softmax(h_r·Eᵀ + b + mask_r)[t_r],   mask_r = −∞ at the items banned for row r,
 *
 * for `h` `[P, d]`, `E` `[V, d]`, `b` `[V]` → `[P]`, differentiable in `h`, `E` and `b`. On the backends
 * of `FUSED_KERNEL_BACKENDS` this is one fused WebAssembly op (projection, log-sum-exp and
 * cross-entropy forward and backward without a `[P, V]` tensor; see `kernels/vocab-kernel.ts`);
 * elsewhere the composed ops `selectedLogProbs(outputLogits(h, E, b), t, mask)` with the additive
 * mask {@link MASKED} (the same values: `z + MASKED` underflows to probability 0 in float32).
 * A target must not be banned for its row; a row needs at least one admissible item.
 */
export function vocabLogProbs(h: tf.Tensor2D, embedding: tf.Tensor2D, bias: tf.Tensor1D, targets: Int32Array,
  banned?: BannedItems): tf.Tensor1D {
  if (!usesFusedKernels()) return composedVocabLogProbs(h, embedding, bias, targets, banned);
  const [P, d] = h.shape;
  const V = embedding.shape[0];
  const shape = { P, d, V };
  const op = tf.customGrad(((hx: tf.Tensor, ex: tf.Tensor, bx: tf.Tensor, save: tf.GradSaveFunc) => {
    const hv = hx.dataSync() as Float32Array;
    const ev = ex.dataSync() as Float32Array;
    const bv = bx.dataSync() as Float32Array;
    const { logp, max, sum, saved: kept } = sharedVocabKernel().forward(shape, hv, ev, bv, targets, banned);
    save([hx, ex, bx, tf.tensor1d(max), tf.tensor1d(sum)]);
    return {
      value: tf.tensor1d(logp),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, se, sb, sm, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const g = sharedVocabKernel().backward(
          shape, sh.dataSync() as Float32Array, se.dataSync() as Float32Array, sb.dataSync() as Float32Array, targets,
            banned,
          { max: sm.dataSync() as Float32Array, sum: ss.dataSync() as Float32Array, saved: kept },
            dy.dataSync() as Float32Array,
        );
        return [tf.tensor2d(g.dh, [P, d]), tf.tensor2d(g.dE, [V, d]), tf.tensor1d(g.db)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (h: tf.Tensor, e: tf.Tensor,
    b: tf.Tensor) => tf.Tensor1D;
  return op(h, embedding, bias);
}

/** The composed tfjs ops {@link vocabLogProbs} stands for (also its reference in the tests). */
export function composedVocabLogProbs(h: tf.Tensor2D, embedding: tf.Tensor2D, bias: tf.Tensor1D, targets: Int32Array,
  banned?: BannedItems): tf.Tensor1D {
  const logits = outputLogits(h, embedding, bias);
  const [P, V] = logits.shape;
  let mask: tf.Tensor2D | undefined;
  if (banned && banned.items.length > 0) {
    const pairs = new Int32Array(banned.items.length * 2);
    for (let r = 0; r < P; r++) {
      for (let j = banned.offsets[r]!; j < banned.offsets[r + 1]!; j++) {
        pairs[2 * j] = r;
        pairs[2 * j + 1] = banned.items[j]!;
      }
    }
    // duplicates would add up; clamp so that a twice-banned item stays at MASKED
    const n = banned.items.length;
    mask = tf.maximum(tf.scatterND(tf.tensor2d(pairs, [n, 2], 'int32'), tf.fill([n], MASKED), [P, V]),
      MASKED) as tf.Tensor2D;
  }
  return selectedLogProbs(logits, tf.tensor1d(targets, 'int32'), mask);
}
