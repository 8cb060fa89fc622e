import type { ItemSide } from '@bladerec/core';

/** What a corpus reference implementation reads (the testkit's `ReferenceCorpus` satisfies it). */
export interface ReferenceCorpusLike {
  readonly lists: readonly (readonly number[])[];
  readonly history: readonly (readonly number[])[];
  readonly items: ItemSide;
}
