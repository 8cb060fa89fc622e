import type { TObject, TProperties } from '@sinclair/typebox';
import { type Static, Type } from '@bladerec/core';
import { stringEnum } from './string-enum.js';

/**
 * Options every built-in loader accepts (defaults in brackets):
 * - `minHistory` [1]: examples with a shorter history are dropped (`empty-history`, `short-history`).
 * - `maxHistory` [none]: longer histories keep their last `maxHistory` items (`history-truncated`).
 * - `popularityGroups` [5]: when the data set has no popularity groups, this many equal-size groups
 *   are computed from training popularity (0 = none).
 * - `embeddings` [`auto`]: item embeddings when the data set has none: `auto` (title n-grams when
 *   every item has a title, else co-occurrence), `title`, `cooccurrence` or `none`.
 * - `embeddingDim` [64]: dimension of computed embeddings.
 * - `seed` [42]: seed of every random choice the loader makes (splits).
 */
export const commonOptionProperties = {
  minHistory: Type.Integer({ minimum: 0, default: 1, description: 'drop examples whose history is shorter' }),
  maxHistory: Type.Optional(Type.Integer({ minimum: 1, description: 'keep only the last N history items' })),
  popularityGroups: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 5,
    description: 'equal-size popularity groups to compute when the data has none (0 = none)',
  }),
  embeddings: stringEnum(['auto', 'title', 'cooccurrence', 'none'] as const, {
    default: 'auto',
    description: 'item embeddings to compute when the data has none',
  }),
  embeddingDim: Type.Integer({
    minimum: 2,
    maximum: 1024,
    default: 64,
    description: 'dimension of computed embeddings',
  }),
  seed: Type.Integer({ default: 42, description: "seed of the loader's random choices (splits)" }),
} satisfies TProperties;

/** The validated common options. */
export type CommonOptions = Static<TObject<typeof commonOptionProperties>>;

/** `fractions` (train, valid, test; summing to 1) or exact `counts` for loaders that split by example. */
export function splitOptionProperties(defaultFractions: readonly [number, number, number]) {
  return {
    fractions: Type.Tuple(
      [
        Type.Number({ minimum: 0, maximum: 1 }),
        Type.Number({ minimum: 0, maximum: 1 }),
        Type.Number({ minimum: 0, maximum: 1 }),
      ],
      {
        default: [...defaultFractions],
        description: 'train/valid/test fractions (sum 1)',
      },
    ),
    counts: Type.Optional(
      Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 })], {
        description: 'exact train/valid/test sizes (override fractions)',
      }),
    ),
  } satisfies TProperties;
}
