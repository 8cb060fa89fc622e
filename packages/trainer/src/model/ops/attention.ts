import { tf } from '../../backend/tf.js';
import { sharedDenseKernels, usesDenseKernels } from '../../kernels/dense-kernel.js';
import { matMul } from './mat-mul.js';

/** The additive score bias `[B·H, T, T]` as values, and as a tensor made on first request (the composed ops). */
export interface AttentionBias {
  readonly values: Float32Array;
  tensor(): tf.Tensor3D;
}

/** An {@link AttentionBias} whose tensor is created once, on the first call of `tensor()`. */
export function attentionBiasOf(values: Float32Array, shape: [number, number, number]): AttentionBias {
  let tensor: tf.Tensor3D | undefined;
  return { values, tensor: () => (tensor ??= tf.tensor3d(values, shape)) };
}

/**
 * Multi-head scaled dot-product attention with an additive score bias (ALiBi distances, the causal window and
 * padding, see `attentionBias`): for `B` sequences of `T` tokens, `q`, `k`, `v` `[B·T, H·dh]` (head h in columns
 * `h·dh …`) and `bias` `[B·H, T, T]`,
 *
 *   o_i = Σ_j softmax_j(q_i·k_j/√dh + bias_ij) v_j    (per sequence and head)  →  `[B·T, H·dh]`, heads merged.
 *
 * On the backends of `FUSED_KERNEL_BACKENDS` (and `dh` a multiple of 4) one fused op: forward and backward are
 * one WebAssembly SIMD pass each over all sequences and heads (`DenseKernels.attentionForward`/`Backward`), the
 * probabilities kept for the backward pass (`B·H·T·T` floats), no head transposes; elsewhere
 * {@link composedAttention}.
 */
export function attention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  scoreBias: AttentionBias,
  B: number,
  T: number,
  H: number,
  train: boolean,
): tf.Tensor2D {
  const width = q.shape[1];
  const dh = width / H;
  if (!usesDenseKernels() || dh % 4 !== 0) return composedAttention(q, k, v, scoreBias.tensor(), B, T, H, train);
  const bias = scoreBias.values;
  const scale = 1 / Math.sqrt(dh);
  const op = tf.customGrad(((qt: tf.Tensor, kt: tf.Tensor, vt: tf.Tensor) => {
    const qv = qt.dataSync() as Float32Array;
    const kv = kt.dataSync() as Float32Array;
    const vv = vt.dataSync() as Float32Array;
    const { o, p } = sharedDenseKernels().attentionForward(qv, kv, vv, bias, B, T, H, scale);
    return {
      value: tf.tensor2d(o, [B * T, width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = sharedDenseKernels().attentionBackward(dy.dataSync() as Float32Array, qv, kv, vv, p, B, T, H, scale);
        const shape: [number, number] = [B * T, width];
        return [tf.tensor2d(g.dq, shape), tf.tensor2d(g.dk, shape), tf.tensor2d(g.dv, shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    q: tf.Tensor,
    k: tf.Tensor,
    v: tf.Tensor,
  ) => tf.Tensor2D;
  return op(q, k, v);
}

/**
 * The composed tfjs ops {@link attention} stands for (also its reference in the tests): heads split by
 * reshape/transpose, batched `q·kᵀ`, scale, bias, softmax, `·v`, heads merged. `train` selects the
 * custom-gradient `matMul` (explicit transposes: fast gradients on wasm).
 */
export function composedAttention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  bias: tf.Tensor3D,
  B: number,
  T: number,
  H: number,
  train: boolean,
): tf.Tensor2D {
  const d = q.shape[1];
  const dh = d / H;
  const mm = train
    ? matMul
    : <X extends tf.Tensor>(a: X, b: tf.Tensor) =>
        tf.matMul(a as unknown as tf.Tensor3D, b as tf.Tensor3D) as unknown as X;
  const qh = tf.reshape(tf.transpose(tf.reshape(q, [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]);
  const kT = tf.reshape(tf.transpose(tf.reshape(k, [B, T, H, dh]), [0, 2, 3, 1]), [B * H, dh, T]);
  const vh = tf.reshape(tf.transpose(tf.reshape(v, [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]);
  const scores = tf.add(tf.mul(mm(qh as tf.Tensor3D, kT), 1 / Math.sqrt(dh)), bias);
  const o = mm(tf.softmax(scores) as tf.Tensor3D, vh);
  return tf.reshape(tf.transpose(tf.reshape(o, [B, H, T, dh]), [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
}
