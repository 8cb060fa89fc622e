import { tf } from '../../backend/tf.js';
import { usesFusedKernels } from '../../kernels/fused-backends.js';
import { type BannedItems, sharedVocabKernel } from '../../kernels/vocab-kernel.js';
import { MASKED } from '../alibi.js';
import { mergeRowEntries } from './merge-row-entries.js';
import { outputLogits } from './output-logits.js';
import { selectedLogProbs } from './selected-log-probs.js';

/**
 * Sparse additive logits per row (differentiable in `values`): row r adds `values[j]` to the logit of
 * `items[j]` for `j ∈ [offsets[r], offsets[r+1])` — e.g. a count prior's follower terms. An item
 * appears at most once per row.
 */
export interface SparseLogits {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly values: tf.Tensor1D;
}

/**
 * Log-probabilities of each row's target under the tied output layer, masked:
 *
 *   logp_r = log softmax(h_r·Eᵀ + b + a_r + mask_r)[t_r],   mask_r = −∞ at the items banned for row r,
 *
 * for `h` `[P, d]`, `E` `[V, d]`, `b` `[V]` and optional sparse additive logits `a` ({@link SparseLogits})
 * → `[P]`, differentiable in `h`, `E`, `b` and `a`'s values. On the backends of `FUSED_KERNEL_BACKENDS`
 * this is one fused WebAssembly op (projection, log-sum-exp and cross-entropy forward and backward without
 * a `[P, V]` tensor; see `kernels/vocab-kernel.ts`; the sparse entries ride in the kernel's ban table as
 * finite values, their gradient `dy_r·(1[i = t_r] − p_ri)` is formed from the row statistics);
 * elsewhere the composed ops `selectedLogProbs(outputLogits(h, E, b) + scatter(a), t, mask)` with the
 * additive mask {@link MASKED} (the same values: `z + MASKED` underflows to probability 0 in float32).
 * A target must not be banned for its row; a row needs at least one admissible item.
 */
export function vocabLogProbs(
  h: tf.Tensor2D,
  embedding: tf.Tensor2D,
  bias: tf.Tensor1D,
  targets: Int32Array,
  banned?: BannedItems,
  sparse?: SparseLogits,
): tf.Tensor1D {
  if (!usesFusedKernels()) return composedVocabLogProbs(h, embedding, bias, targets, banned, sparse);
  const [P, d] = h.shape;
  const V = embedding.shape[0];
  const shape = { P, d, V };
  const op = tf.customGrad(((hx: tf.Tensor, ex: tf.Tensor, bx: tf.Tensor, ax: tf.Tensor, save: tf.GradSaveFunc) => {
    const hv = hx.dataSync() as Float32Array;
    const ev = ex.dataSync() as Float32Array;
    const bv = bx.dataSync() as Float32Array;
    const entries = sparse ? mergeRowEntries(P, { ...sparse, values: ax.dataSync() as Float32Array }, banned) : banned;
    const { logp, max, sum, saved: kept } = sharedVocabKernel().forward(shape, hv, ev, bv, targets, entries);
    save([hx, ex, bx, tf.tensor1d(max), tf.tensor1d(sum)]);
    return {
      value: tf.tensor1d(logp),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, se, sb, sm, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const hs = sh.dataSync() as Float32Array;
        const es = se.dataSync() as Float32Array;
        const bs = sb.dataSync() as Float32Array;
        const dys = dy.dataSync() as Float32Array;
        const stats = { max: sm.dataSync() as Float32Array, sum: ss.dataSync() as Float32Array, saved: kept };
        const g = sharedVocabKernel().backward(shape, hs, es, bs, targets, entries, stats, dys);
        const da = sparse
          ? sparseGradient(shape, hs, es, bs, targets, entries!, sparse, stats, dys)
          : new Float32Array();
        return [tf.tensor2d(g.dh, [P, d]), tf.tensor2d(g.dE, [V, d]), tf.tensor1d(g.db), tf.tensor1d(da)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    h: tf.Tensor,
    e: tf.Tensor,
    b: tf.Tensor,
    a: tf.Tensor,
  ) => tf.Tensor1D;
  return op(h, embedding, bias, sparse ? sparse.values : tf.zeros([0]));
}

/**
 * `∂logp_r/∂a_j · dy_r = dy_r·(1[i_j = t_r] − p_{r,i_j})` for the sparse entries (the first ones of
 * each row of the merged table `entries`), with `p = exp(z − max)/sum` from the forward statistics and
 * `z_ri = h_r·E_i + b_i +` every entry of row r at item i.
 */
function sparseGradient(
  shape: { P: number; d: number; V: number },
  h: Float32Array,
  E: Float32Array,
  b: Float32Array,
  targets: Int32Array,
  entries: BannedItems,
  sparse: SparseLogits,
  stats: { max: Float32Array; sum: Float32Array },
  dy: Float32Array,
): Float32Array {
  const { P, d } = shape;
  const out = new Float32Array(sparse.items.length);
  const added = new Map<number, number>();
  for (let r = 0; r < P; r++) {
    const own = sparse.offsets[r + 1]! - sparse.offsets[r]!;
    if (own === 0) continue;
    added.clear();
    for (let j = entries.offsets[r]!; j < entries.offsets[r + 1]!; j++) {
      const i = entries.items[j]!;
      added.set(i, (added.get(i) ?? 0) + entries.values![j]!);
    }
    for (let k = 0; k < own; k++) {
      const i = sparse.items[sparse.offsets[r]! + k]!;
      let z = b[i]! + added.get(i)!;
      for (let c = 0; c < d; c++) z += h[r * d + c]! * E[i * d + c]!;
      const p = Math.exp(z - stats.max[r]!) / stats.sum[r]!;
      out[sparse.offsets[r]! + k] = dy[r]! * ((i === targets[r] ? 1 : 0) - p);
    }
  }
  return out;
}

/** `a` of {@link SparseLogits} as a dense `[P, V]` tensor (gradient: the entries of the upstream gradient). */
export function denseSparseLogits(sparse: SparseLogits, P: number, V: number): tf.Tensor2D {
  const pairs = new Int32Array(sparse.items.length * 2);
  for (let r = 0; r < P; r++) {
    for (let j = sparse.offsets[r]!; j < sparse.offsets[r + 1]!; j++) {
      pairs[2 * j] = r;
      pairs[2 * j + 1] = sparse.items[j]!;
    }
  }
  const index = tf.tensor2d(pairs, [sparse.items.length, 2], 'int32');
  const scatter = tf.customGrad(((values: tf.Tensor, save: tf.GradSaveFunc) => {
    save([index]);
    return {
      value: tf.scatterND(index, values, [P, V]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.gatherND(dy, saved[0]!),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (values: tf.Tensor) => tf.Tensor2D;
  return scatter(sparse.values);
}

/** The composed tfjs ops {@link vocabLogProbs} stands for (also its reference in the tests). */
export function composedVocabLogProbs(
  h: tf.Tensor2D,
  embedding: tf.Tensor2D,
  bias: tf.Tensor1D,
  targets: Int32Array,
  banned?: BannedItems,
  sparse?: SparseLogits,
): tf.Tensor1D {
  let logits = outputLogits(h, embedding, bias);
  const [P, V] = logits.shape;
  if (sparse && sparse.items.length > 0) logits = tf.add(logits, denseSparseLogits(sparse, P, V)) as tf.Tensor2D;
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
    mask = tf.maximum(
      tf.scatterND(tf.tensor2d(pairs, [n, 2], 'int32'), tf.fill([n], MASKED), [P, V]),
      MASKED,
    ) as tf.Tensor2D;
  }
  return selectedLogProbs(logits, tf.tensor1d(targets, 'int32'), mask);
}
