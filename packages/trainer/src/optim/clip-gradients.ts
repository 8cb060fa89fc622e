import { tf } from '../backend/tf.js';

/** Global-norm clipping: the norm of every gradient together, and the gradients scaled to at most `maxNorm`. */
export interface ClippedGradients {
  readonly norm: number;
  readonly grads: Record<string, tf.Tensor>;
}

/**
 * Global L2 norm of the gradients, and the gradients scaled to at most `maxNorm` (no clipping when
 * `maxNorm` is 0 or the norm is not finite — the caller stops on non-finite norms). Reads the norm
 * synchronously, which the webgpu backend cannot do in Node: trainers use {@link clipByGlobalNormAsync}.
 */
export function clipByGlobalNorm(grads: Readonly<Record<string, tf.Tensor>>, maxNorm: number): ClippedGradients {
  const sq = squaredNorm(grads);
  const norm = Math.sqrt(sq.dataSync()[0]!);
  sq.dispose();
  return scaled(grads, norm, maxNorm);
}

/** {@link clipByGlobalNorm} reading the norm asynchronously: works on every backend, webgpu included. */
export async function clipByGlobalNormAsync(
  grads: Readonly<Record<string, tf.Tensor>>,
  maxNorm: number,
): Promise<ClippedGradients> {
  const sq = squaredNorm(grads);
  const norm = Math.sqrt((await sq.data())[0]!);
  sq.dispose();
  return scaled(grads, norm, maxNorm);
}

/**
 * `Σ_g Σ g²`, summed left to right with `add` (the order `addN` sums in on cpu and wasm): tfjs'
 * webgpu `addN` binds every input at once and fails validation beyond the device's 8 storage buffers
 * per shader stage (the WebGPU default limit), silently leaving garbage.
 */
function squaredNorm(grads: Readonly<Record<string, tf.Tensor>>): tf.Tensor {
  return tf.tidy(() =>
    Object.values(grads)
      .map((g) => tf.sum(tf.square(g)))
      .reduce((a, b) => tf.add(a, b)),
  );
}

function scaled(grads: Readonly<Record<string, tf.Tensor>>, norm: number, maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0) || !Number.isFinite(norm) || norm <= maxNorm) return { norm, grads: { ...grads } };
  const scale = maxNorm / norm;
  const clipped: Record<string, tf.Tensor> = {};
  for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, scale);
  return { norm, grads: clipped };
}
