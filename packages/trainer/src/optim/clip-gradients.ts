import { tf } from '../backend/tf.js';

/**
 * Global L2 norm of the gradients, and the gradients scaled to at most `maxNorm` (no clipping when
 * `maxNorm` is 0 or the norm is not finite — the caller stops on non-finite norms).
 */
export function clipByGlobalNorm(grads: Readonly<Record<string, tf.Tensor>>, maxNorm: number): { norm: number; grads: Record<string, tf.Tensor> } {
  const sq = tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
  const norm = Math.sqrt(sq.dataSync()[0]!);
  sq.dispose();
  if (!(maxNorm > 0) || !Number.isFinite(norm) || norm <= maxNorm) return { norm, grads: { ...grads } };
  const scale = maxNorm / norm;
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, scale);
  return { norm, grads: clipped };
}
