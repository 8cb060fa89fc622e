import type { Csr } from '../rewards/csr.js';
import type { ItemSide } from '../rewards/reward-inputs.js';

/**
 * The item catalog of a data set: external ids mapped to dense indices `0 … size−1`, with titles,
 * categories (genres), popularity counts, optional popularity groups and embeddings.
 * Implementation: `@bladerec/data`.
 */
export interface Catalog {
  /** Number of items. */
  readonly size: number;
  /** External id of each item index. */
  readonly ids: readonly string[];
  /** Title of each item ('' when the data set has none). */
  readonly titles: readonly string[];
  /** Category names and each item's category set (rows may be empty). */
  readonly categories: { readonly names: readonly string[]; readonly ofItem: Csr };
  /** Training interaction count of each item (0 when unknown). */
  readonly popularity: Float64Array;
  /** Popularity (or other) groups, one per item (−1 = none). */
  readonly groups?: { readonly names: readonly string[]; readonly of: Int32Array };
  /** Item embeddings, `size × dim`, and how they were made (e.g. `title-ngram-hash`). */
  readonly embeddings?: { readonly dim: number; readonly data: Float32Array; readonly source: string };
  /** Index of an external id, or −1. */
  indexOf(id: string): number;
  /** Index of a title (exact match), or −1. */
  indexOfTitle(title: string): number;
  /** The side information rewards read. */
  itemSide(): ItemSide;
}
