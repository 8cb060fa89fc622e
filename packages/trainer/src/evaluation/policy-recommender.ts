import type { Csr, ListBatch, Policy } from '@bladerec/core';
import type { TopKRecommender } from './top-k-recommender.js';

/** A policy's deterministic top-K lists: greedy (`beamWidth` 1) or beam-search decoding. */
export class PolicyRecommender implements TopKRecommender {
  readonly name: string;
  constructor(
    private readonly policy: Policy,
    private readonly beamWidth = 1,
  ) {
    this.name = beamWidth > 1 ? `policy (beam ${beamWidth})` : 'policy (greedy)';
  }

  recommend(contexts: Csr, k: number, options: { excludeHistory: boolean }): Promise<ListBatch> {
    return this.policy.decode(contexts, {
      length: k,
      beamWidth: this.beamWidth,
      excludeHistory: options.excludeHistory,
    });
  }
}
