import { tf } from '../../backend/tf.js';

const C = 2 * Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016): `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`,
 * computed through the identity `½(1 + tanh u) = σ(2u)` because the wasm backend's sigmoid is an
 * order of magnitude faster than its tanh (and `x·x·x` than `pow(x, 3)`).
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cube = tf.mul(tf.mul(x, x), x);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(cube, 0.044715)), C)));
}
