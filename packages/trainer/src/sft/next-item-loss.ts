import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import { gatherRows } from '../model/ops/gather-rows.js';
import { selectedLogProbs } from '../model/ops/selected-log-probs.js';
import type { PriorRows } from '../model/count-prior.js';
import type { Transformer } from '../model/transformer.js';

/** Which next-item loss SFT minimises (see {@link nextItemLoss}). */
export interface NextItemLossOptions {
  readonly loss: 'softmax' | 'sampled-bce';
  readonly labelSmoothing: number;
}

/**
 * Uniform negatives for `labels`: for each label y, an item drawn uniformly from the other
 * `numItems − 1` items (SASRec draws negatives the user has not interacted with; one uniform item
 * other than the target is the same up to the rare collision with an older history item).
 */
export function sampleNegatives(labels: ArrayLike<number>, numItems: number, rng: Random): Int32Array {
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const draw = rng.nextInt(numItems - 1);
    out[i] = draw >= labels[i]! ? draw + 1 : draw;
  }
  return out;
}

/**
 * The mean next-item loss over hidden rows `h` (`[P, d]`) and their labels (call inside a gradient
 * scope):
 *
 * - `softmax`: `(1 − ε)·(−log p_y) + ε·(lse(z) − mean_i z_i)` with `z = h·Eᵀ + b` and label
 *   smoothing ε (Szegedy et al. 2016); the second term is the cross-entropy against the uniform
 *   distribution, so ε = 0 is the plain cross-entropy.
 * - `sampled-bce`: `softplus(−s_y) + softplus(s_n)` with `s_i = h·e_i + b_i` and one negative n per
 *   row (`negatives`, see {@link sampleNegatives}): SASRec's objective (Kang & McAuley 2018). It
 *   never forms the `[P, V]` logits.
 *
 * With a count prior (`model.countPrior`) `rows` gives each row's last item and, as leave-one-out
 * targets, the labels; `z` then includes the prior (softmax loss only: the sampled loss would need
 * the prior's per-row constant).
 */
export function nextItemLoss(
  model: Transformer,
  h: tf.Tensor2D,
  labels: Int32Array,
  options: NextItemLossOptions,
  negatives?: Int32Array,
  rows?: PriorRows,
): tf.Scalar {
  if (options.loss === 'sampled-bce') {
    if (model.prior) throw new RangeError('model.countPrior needs sft.loss softmax');
    if (!negatives) throw new RangeError('sampled-bce needs one negative per label');
    const score = (items: Int32Array) => {
      const index = tf.tensor1d(items, 'int32');
      const e = gatherRows(model.params.get('items.embedding')! as tf.Tensor2D, index);
      const b = gatherRows(tf.reshape(model.params.get('items.bias')!, [-1, 1]) as tf.Tensor2D, index);
      return tf.add(tf.sum(tf.mul(h, e), 1), tf.reshape(b, [-1]));
    };
    return tf.mean(tf.add(tf.softplus(tf.neg(score(labels))), tf.softplus(score(negatives)))) as tf.Scalar;
  }
  const eps = options.labelSmoothing;
  // the plain cross-entropy goes through the model's vocabulary op (fused kernels on wasm/cpu)
  if (eps === 0) return tf.neg(tf.mean(model.targetLogProbs(h, labels, undefined, rows))) as tf.Scalar;
  const logits = model.logits(h, rows);
  const nll = tf.neg(tf.mean(selectedLogProbs(logits, tf.tensor1d(labels, 'int32')))) as tf.Scalar;
  const uniform = tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.mean(logits, 1)));
  return tf.add(tf.mul(nll, 1 - eps), tf.mul(uniform, eps)) as tf.Scalar;
}
