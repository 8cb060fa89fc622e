import { csrFromArrays, type SequenceExample } from '@bladerec/core';
import { type Transformer, TransformerPolicy } from '../src/internal.js';
import { TransitionRecommender } from '../src/baselines/transition-recommender.js';

/**
 * Greedy top-10 lists of a policy over `model` and of the transition baseline counted on `train`, for the first
 * `n` training histories. The baseline always excludes history items; the policy does unless
 * `policyExcludesHistory` is false (a repeat term that bans them itself). Disposes the policy (and the model).
 */
export async function policyAndTransitionLists(
  model: Transformer,
  V: number,
  train: SequenceExample[],
  { n = 25, policyExcludesHistory = true }: { n?: number; policyExcludesHistory?: boolean } = {},
): Promise<{ policy: number[]; transition: number[] }> {
  const policy = new TransformerPolicy(model);
  try {
    const contexts = csrFromArrays(train.slice(0, n).map((e) => [...e.history]));
    const want = await new TransitionRecommender(V, train).recommend(contexts, 10, { excludeHistory: true });
    const got = await policy.decode(contexts, { length: 10, excludeHistory: policyExcludesHistory });
    return { policy: Array.from(got.items), transition: Array.from(want.items) };
  } finally {
    policy.dispose();
  }
}
