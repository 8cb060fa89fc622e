import { csrFromArrays, type Csr } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { Transformer, type TransformerConfig, tf } from '../src/internal.js';

/** A tiny model config for fast tests. */
export const tinyConfig: TransformerConfig = {
  layers: 1,
  dModel: 16,
  heads: 2,
  ffnMultiplier: 2,
  context: 6,
  dropout: 0,
  initFromCatalog: false,
};

/** A tiny model with a non-zero list-interaction matrix, so the list-state path is exercised. */
export function tinyModel(numItems: number, seed = 1, config: TransformerConfig = tinyConfig): Transformer {
  const rng = new Random(seed);
  const model = Transformer.create(config, numItems, rng);
  const m = model.params.get('list.interaction')!;
  const values = new Float32Array(m.size);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal() * 0.5;
  m.assign(tf.tensor(values, m.shape));
  // larger embeddings make the distributions peaked enough to test
  const e = model.params.get('items.embedding')!;
  e.assign(tf.mul(e, 20));
  return model;
}

/** Random histories of 0–`maxLength` items. */
export function randomHistories(count: number, numItems: number, maxLength: number, seed = 2): Csr {
  const rng = new Random(seed);
  return csrFromArrays(
    Array.from({ length: count }, () =>
      Array.from({ length: rng.nextInt(maxLength + 1) }, () => rng.nextInt(numItems)),
    ),
  );
}

/** A seeded xorshift32 stream of uniforms in [0, 1) (seed 0 is taken as 1): test inputs without a model's RNG. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
