import { type EvidenceEstimator, type EvidenceEstimatorDefinition, type GroupEvidence, Type } from '@bladerec/core';
import { groupMoments } from './group-moments.js';

/**
 * Exact counts: for each rollout, how many of the other rollouts scored strictly lower and how many
 * tied. The mid-rank `c_i = below_i + ½ ties_i` is tie-exact, the right evidence for discrete
 * metrics such as single-target NDCG@K.
 */
export class MidRankEvidence implements EvidenceEstimator {
  readonly kind = 'mid-rank';

  estimate(rewards: ArrayLike<number>): GroupEvidence {
    const n = rewards.length;
    const below = new Float64Array(n);
    const ties = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        if (rewards[j]! < rewards[i]!) below[i]!++;
        else if (rewards[j] === rewards[i]) ties[i]!++;
      }
    }
    return { n, below, ties, ...groupMoments(rewards) };
  }
}

export const midRankEvidence: EvidenceEstimatorDefinition<Record<string, never>> = {
  meta: {
    id: 'mid-rank',
    description: 'Exact below/tie counts among the group (tie-exact; for discrete metrics).',
    schema: Type.Object({}, { additionalProperties: false }),
  },
  create: () => new MidRankEvidence(),
};
