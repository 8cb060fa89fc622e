import { tf } from '../backend/tf.js';
import type { Transformer } from '../model/transformer.js';

/** `θ_anchor ← (1 − η) θ_anchor + η θ` for every parameter (J-BOND's moving anchor, eq. 18). */
export function emaUpdate(anchor: Transformer, model: Transformer, eta: number): void {
  tf.tidy(() => {
    for (const [name, a] of anchor.params) a.assign(tf.add(tf.mul(a, 1 - eta), tf.mul(model.params.get(name)!, eta)));
  });
}
