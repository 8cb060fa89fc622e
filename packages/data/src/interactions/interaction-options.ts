import { type Static, Type } from '@bladerec/core';
import { commonOptionProperties } from '../dataset/common-options.js';
import { stringEnum } from '../dataset/string-enum.js';

/** Split modes for per-user interaction sequences. */
export const SPLIT_MODES = ['leave-one-out', 'sliding-window', 'by-user'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

/**
 * Options of the interaction-based loaders (`movielens`, `interactions`), on top of the common ones
 * (defaults in brackets; `ratingThreshold` and `kCore` defaults differ per loader):
 * - `ratingThreshold`: keep interactions rated ≥ this (`below-rating-threshold` otherwise);
 * - `kCore`: iterative k-core: every kept user and item has ≥ k interactions;
 * - `split` [`leave-one-out`]: `leave-one-out` (last `targetLength` items → test, the ones before →
 *   valid, the rest → one training example per user), `sliding-window` (same valid/test, training
 *   windows of `windowSize` history + `targetLength` targets every `windowStride` items) or
 *   `by-user` (users split by `fractions` with `seed`; one example per user);
 * - `targetLength` [1], `windowSize` [10], `windowStride` [1], `fractions` [0.8, 0.1, 0.1].
 */
export function interactionOptionsSchema(defaults: { ratingThreshold?: number; kCore: number }) {
  return Type.Object({
    ...commonOptionProperties,
    ratingThreshold: Type.Optional(
      Type.Number({
        ...(defaults.ratingThreshold === undefined ? {} : { default: defaults.ratingThreshold }),
        description: 'keep interactions rated at least this',
      }),
    ),
    kCore: Type.Integer({
      minimum: 1,
      default: defaults.kCore,
      description: 'iterative k-core filter on users and items',
    }),
    split: stringEnum(SPLIT_MODES, {
      default: 'leave-one-out',
      description: 'how per-user sequences become train/valid/test examples',
    }),
    targetLength: Type.Integer({ minimum: 1, default: 1, description: 'items per target (1 = next item)' }),
    windowSize: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'history length of sliding-window training windows',
    }),
    windowStride: Type.Integer({ minimum: 1, default: 1, description: 'step between sliding windows' }),
    fractions: Type.Tuple(
      [
        Type.Number({ minimum: 0, maximum: 1 }),
        Type.Number({ minimum: 0, maximum: 1 }),
        Type.Number({ minimum: 0, maximum: 1 }),
      ],
      {
        default: [0.8, 0.1, 0.1],
        description: 'train/valid/test user fractions for split=by-user',
      },
    ),
  });
}

/** The validated interaction options. */
export type InteractionOptions = Static<ReturnType<typeof interactionOptionsSchema>>;
