import type { ItemSide } from '@bladerec/core';

/** What a corpus reference implementation reads (the testkit's `ReferenceCorpus` satisfies it). */
export interface ReferenceCorpusLike {
  readonly lists: readonly (readonly number[])[];
  readonly history: readonly (readonly number[])[];
  /** Graded judgments per user (read by options that select users by them). */
  readonly relevant?: readonly ReadonlyMap<number, number>[];
  readonly items: ItemSide;
}
