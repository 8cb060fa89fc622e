import type { RewardInput, RewardInputs } from './reward-inputs.js';
import type { SharedPasses } from './shared-passes.js';

/**
 * Properties a reward declares about itself. The conformance kit (`@bladerec/testkit`) checks each
 * declared property with generated inputs, so declare only what holds for every input.
 */
export type RewardProperty =
  /** The score does not depend on the order of the list, or of its top-`cutoff` window (e.g. ILD). */
  | 'order-invariant'
  /**
   * Swapping a more relevant item above a less relevant one never lowers the score (a repeat of an
   * earlier item counts as irrelevant).
   */
  | 'relevance-monotone'
  /** Items below the cutoff `meta.cutoff` do not change the score. */
  | 'cutoff-invariant'
  /** Renaming group ids with a permutation leaves the score unchanged. */
  | 'group-relabel-invariant'
  /** Renaming category ids with a permutation leaves the score unchanged. */
  | 'category-relabel-invariant'
  /** Repeated items after their first occurrence are ignored (they keep their slot but add nothing). */
  | 'duplicates-ignored';

/**
 * How a reward treats {@link UNKNOWN_ITEM} slots:
 * - `zero-gain`: the slot keeps its position (pushing later items down) and contributes nothing;
 * - `skipped`: the item is removed before scoring. With a cutoff K the top-K window is taken first,
 *   so an unknown item inside it still uses up its slot (later items do not move into the window).
 */
export type UnknownItemPolicy = 'zero-gain' | 'skipped';

/** Metadata of a configured reward instance. */
export interface ListRewardMeta {
  /** Registry id of the reward type, e.g. `ndcg`. */
  readonly id: string;
  /** Display name of this configured instance, e.g. `ndcg@10`. */
  readonly name: string;
  /** One-sentence description. */
  readonly description: string;
  /** Whether larger scores are better. */
  readonly higherIsBetter: boolean;
  /** Closed interval every score lies in (bounds may be ±Infinity). */
  readonly range: readonly [number, number];
  /** Inputs the reward reads; scoring without them is an error. */
  readonly requires: readonly RewardInput[];
  /** Declared properties, checked by the conformance kit. */
  readonly properties: readonly RewardProperty[];
  /** Treatment of unknown (out-of-catalog) items. */
  readonly unknownItems: UnknownItemPolicy;
  /** Only the first `cutoff` positions are scored, if set. */
  readonly cutoff?: number;
}

/**
 * A list-level reward: scores a whole batch of ranked lists at once and returns one finite number per
 * list. Implementations must be deterministic and must give the same score to a list whatever else
 * is in the batch.
 */
export interface ListReward {
  readonly meta: ListRewardMeta;
  /**
   * Scores every list of `inputs.lists`.
   * @param out optional output buffer of length ≥ `inputs.lists.size`; a new one is allocated if absent.
   * @param passes optional shared passes of this batch (see {@link SharedPasses}): a reward that needs an
   *   intermediate other rewards need too (e.g. the relevance hits) takes it from here; the scores must not
   *   depend on whether `passes` is given.
   * @returns `out` (or the new buffer) holding one score per list.
   */
  score(inputs: RewardInputs, out?: Float64Array, passes?: SharedPasses): Float64Array;
}
