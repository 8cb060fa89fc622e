import type { ComposedObjective, ItemSide, SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { historiesOf } from '../evaluation/example-batches.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { scoreRollouts } from './rollout-rewards.js';

/** M cached reference rollouts per context: rewards per term and total, the lists, their log-probabilities. */
export interface ReferenceCache {
  /** Items per list K. */
  readonly width: number;
  readonly terms: Float64Array[][];
  readonly totals: Float64Array[];
  readonly lists: Int32Array[];
  readonly logProb: Float64Array[];
}

/**
 * Samples and scores `m` lists of `k` items from `policy` (the frozen reference) for every example, in chunks of about
 * 2,048 lists, with a generator seeded by `seed` (the same cache on every resume).
 */
export async function buildReferenceCache(args: {
  readonly policy: TransformerPolicy;
  readonly examples: readonly SequenceExample[];
  readonly m: number;
  readonly k: number;
  readonly excludeHistory: boolean;
  readonly objective: ComposedObjective;
  readonly items: ItemSide;
  readonly seed: number;
}): Promise<ReferenceCache> {
  const { policy, examples, m: M, k: K, objective, items } = args;
  const cache: ReferenceCache = { width: K, terms: [], totals: [], lists: [], logProb: [] };
  const chunk = Math.max(1, Math.floor(2048 / M));
  const random = new Random(args.seed);
  for (let start = 0; start < examples.length; start += chunk) {
    const part = examples.slice(start, start + chunk);
    const contexts = historiesOf(part, policy.model.config.context);
    const sampled = await policy.sample(contexts, { n: M, length: K, random, excludeHistory: args.excludeHistory });
    const scored = scoreRollouts(objective, part, TransformerPolicy.repeatRows(part.length, M), sampled.lists, items);
    for (let c = 0; c < part.length; c++) {
      cache.terms.push(scored.terms.map((t) => t.slice(c * M, (c + 1) * M)));
      cache.totals.push(scored.total.slice(c * M, (c + 1) * M));
      cache.lists.push(sampled.lists.items.slice(c * M * K, (c + 1) * M * K));
      cache.logProb.push(sampled.logProb.slice(c * M, (c + 1) * M));
    }
  }
  return cache;
}
