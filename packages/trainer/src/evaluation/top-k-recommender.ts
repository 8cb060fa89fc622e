import type { Csr, ListBatch } from '@bladerec/core';

/**
 * Anything that turns users' histories into top-K lists: the trained policy (greedy or beam
 * decoding), Best-of-N inference, or a baseline. Evaluating them through one interface keeps the
 * comparison honest: same examples, same metric code.
 */
export interface TopKRecommender {
  readonly name: string;
  recommend(contexts: Csr, k: number, options: { excludeHistory: boolean }): Promise<ListBatch>;
}
