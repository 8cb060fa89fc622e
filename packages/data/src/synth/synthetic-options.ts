import { BladeUserError } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';
import { validateOptions } from '../dataset/validate-options.js';

/**
 * Options of {@link generateSynthetic} (defaults in the schema; see `docs/synthetic-data.md`):
 * sizes (`items` 400, `users` 1500, `genres` 8, `groups` 4, `factors` 16), history lengths
 * (`minHistory` 5 … `maxHistory` 20: the test history length of each user is uniform in that range),
 * popularity (`zipf` 1.0), the sequential part (`transition` 0.5: probability that the next item is
 * one of the last item's `successors` 3 successors; `drift` 0.3: taste moves this far toward each
 * consumed item), taste sharpness (`affinity` 4) and `seed` 42.
 */
export const syntheticOptionsSchema = Type.Object({
  seed: Type.Integer({ default: 42, description: 'seed of every random draw' }),
  items: Type.Integer({ minimum: 10, maximum: 1_000_000, default: 400, description: 'catalog size' }),
  users: Type.Integer({ minimum: 3, maximum: 10_000_000, default: 1500, description: 'number of users' }),
  genres: Type.Integer({ minimum: 1, maximum: 64, default: 8, description: 'number of genres' }),
  groups: Type.Integer({ minimum: 1, maximum: 100, default: 4, description: 'equal-size popularity groups' }),
  factors: Type.Integer({
    minimum: 2,
    maximum: 256,
    default: 16,
    description: 'latent dimension (and embedding dimension)',
  }),
  minHistory: Type.Integer({ minimum: 1, default: 5, description: 'shortest test history' }),
  maxHistory: Type.Integer({ minimum: 1, default: 20, description: 'longest test history' }),
  zipf: Type.Number({ minimum: 0, maximum: 4, default: 1, description: 'Zipf exponent of item popularity' }),
  transition: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 0.5,
    description: 'probability that the next item follows the last one (Markov part)',
  }),
  successors: Type.Integer({ minimum: 1, maximum: 50, default: 3, description: 'successor items per item' }),
  drift: Type.Number({ minimum: 0, maximum: 1, default: 0.3, description: 'taste drift toward each consumed item' }),
  affinity: Type.Number({ minimum: 0, maximum: 50, default: 4, description: 'sharpness of taste-driven choices' }),
});
export type SyntheticOptions = Static<typeof syntheticOptionsSchema>;

/**
 * Validates generator options and fills defaults.
 * @throws BladeUserError for unknown or out-of-range options, `minHistory > maxHistory`, or too few
 *   items for the longest sequence.
 */
export function resolveSyntheticOptions(raw: Readonly<Record<string, unknown>> = {}): SyntheticOptions {
  const options = validateOptions(syntheticOptionsSchema, raw, 'synthetic');
  if (options.minHistory > options.maxHistory)
    throw new BladeUserError(
      `invalid options for format 'synthetic': minHistory ${options.minHistory} > maxHistory ${options.maxHistory}`,
    );
  if (options.items < options.maxHistory + 1 + options.successors) {
    throw new BladeUserError(
      `invalid options for format 'synthetic': ${options.items} items are too few for histories of ${options.maxHistory} (need at least maxHistory + successors + 1)`,
    );
  }
  return options;
}
