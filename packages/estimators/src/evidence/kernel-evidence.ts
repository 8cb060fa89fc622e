import {
  type EvidenceEstimator,
  type EvidenceEstimatorDefinition,
  type GroupEvidence,
  type Static,
  Type,
} from '@bladerec/core';
import { normalCdf } from '../math/special-functions.js';
import { silvermanBandwidth } from '../prior/empirical-prior.js';
import { groupMoments } from './group-moments.js';

export const KernelEvidenceOptions = Type.Object(
  {
    bandwidth: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Literal('silverman')], {
      default: 'silverman',
      description:
        "Gaussian kernel width b for soft counts, or 'silverman' (from the group; exact counts when the group is degenerate).",
    }),
  },
  { additionalProperties: false },
);
export type KernelEvidenceOptions = Static<typeof KernelEvidenceOptions>;

/**
 * Kernel-smoothed counts for noisy continuous rewards (design D3's kernel variant):
 * `below_i = Σ_{j≠i} Φ((r_i − r_j)/b)`, so near-ties behave like ties (`ties_i = 0`).
 */
export class KernelEvidence implements EvidenceEstimator {
  readonly kind = 'kernel';
  constructor(readonly options: KernelEvidenceOptions) {}

  estimate(rewards: ArrayLike<number>): GroupEvidence {
    const n = rewards.length;
    const b = this.options.bandwidth === 'silverman' ? silvermanBandwidth(rewards) : this.options.bandwidth;
    const below = new Float64Array(n);
    const ties = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        if (b > 0) below[i]! += normalCdf((rewards[i]! - rewards[j]!) / b);
        else if (rewards[j]! < rewards[i]!) below[i]!++;
        else if (rewards[j] === rewards[i]) ties[i]!++;
      }
    }
    return { n, below, ties, ...groupMoments(rewards) };
  }
}

export const kernelEvidence: EvidenceEstimatorDefinition<KernelEvidenceOptions> = {
  meta: {
    id: 'kernel',
    description: 'Gaussian-kernel smoothed below counts Σ Φ((r_i − r_j)/b) (continuous, noisy rewards).',
    schema: KernelEvidenceOptions,
  },
  create: (options) => new KernelEvidence(options),
};
