import {
  type GroupEvidence,
  type RewardPrior,
  type RolloutTargets,
  type Static,
  type TargetEstimator,
  type TargetEstimatorDefinition,
  Type,
} from '@bladerec/core';
import { logTieExactWeight } from '../math/best-of-n.js';
import { digamma } from '../math/special-functions.js';
import { allocateTargets } from './rollout-targets.js';

/** Options of the `dp-beta` target estimator (designs D1 + D3; BLADE's default). */
export const DpBetaOptions = Type.Object(
  {
    alpha: Type.Union([Type.Number({ minimum: 0 }), Type.Literal('n'), Type.Literal('inf')], {
      default: 'n',
      description:
        "Prior strength α of the Dirichlet process: a number, 'n' (= group size N, the recommended default) or 'inf' (prior only: the static reference CDF).",
    }),
    convention: Type.Union([Type.Literal('mid'), Type.Literal('add-one-strict'), Type.Literal('weak')], {
      default: 'mid',
      description:
        "How the prior CDF treats ties: 'mid' (mid-distribution, tie-exact), 'add-one-strict' (vBoN's (k+1)/(M+1)), 'weak' (BOND's p̂_≤, floored at 1/(2M)).",
    }),
    reward: Type.Union([Type.Literal('beta-log'), Type.Literal('log-mid')], {
      default: 'beta-log',
      description:
        "R_i: 'beta-log' = E[log u_i] under the Beta posterior of the quantile (D3); 'log-mid' = log F̃_i (D1).",
    }),
    weights: Type.Union([Type.Literal('tie-exact'), Type.Literal('beta'), Type.Literal('power')], {
      default: 'tie-exact',
      description: "w_i: 'tie-exact' (F_≤^N − F_<^N)/(F_≤ − F_<) (D1); 'beta' E[u^{N−1}] (D3); 'power' F̃^{N−1}.",
    }),
    a0: Type.Number({ exclusiveMinimum: 0, default: 0.5, description: 'Beta prior pseudo-count a₀ (Jeffreys ½).' }),
    b0: Type.Number({ exclusiveMinimum: 0, default: 0.5, description: 'Beta prior pseudo-count b₀ (Jeffreys ½).' }),
  },
  { additionalProperties: false },
);
export type DpBetaOptions = Static<typeof DpBetaOptions>;

/**
 * The Dirichlet-process posterior-predictive CDF fused with a Beta posterior on each rollout's
 * quantile — BLADE's self-evolving Best-of-N target (designs D1 + D3, `docs/method.md` §C):
 *
 *   F_<,i = (α H(r_i−) + #{r_j < r_i}) / (α + N),   F_≤,i = (α H(r_i) + #{r_j ≤ r_i}) / (α + N),
 *   F̃_i  = (α H^mid(r_i) + c_i + ½) / (α + N),     c_i = #{j≠i: r_j < r_i} + ½ #{j≠i: r_j = r_i},
 *   a_i = a₀ + α H^mid + c_i,  b_i = b₀ + α (1 − H^mid) + (N − 1 − c_i),
 *   R_i = ψ(a_i) − ψ(a_i + b_i)  (= E[log u_i])   or   log F̃_i,
 *   log w_i = log[(F_≤^N − F_<^N)/(F_≤ − F_<)]  or  Σ_{k<N−1} log((a_i+k)/(a_i+b_i+k))  or  (N−1) log F̃_i.
 *
 * α → ∞ leaves the prior alone (static vBoN/BOND with the matching `convention`); α = 0 is the
 * within-group rank target of iterative Best-of-N. With finite α the target never saturates
 * (F̃_i < 1) and strictly orders rollouts with different rewards.
 */
export class DpBetaTarget implements TargetEstimator {
  readonly kind = 'dp-beta';
  constructor(readonly options: DpBetaOptions) {}

  estimate(rewards: ArrayLike<number>, evidence: GroupEvidence, prior: RewardPrior, bonN: number): RolloutTargets {
    const n = rewards.length;
    const out = allocateTargets(n);
    const { a0, b0 } = this.options;
    const M = prior.count;
    const alpha =
      M === 0 ? 0 : this.options.alpha === 'n' ? n : this.options.alpha === 'inf' ? Infinity : this.options.alpha;
    for (let i = 0; i < n; i++) {
      const r = rewards[i]!;
      let hb = M > 0 ? prior.cdfBelow(r) : 0;
      let ha = M > 0 ? prior.cdfAtOrBelow(r) : 0;
      if (this.options.convention === 'add-one-strict') {
        // k = M·H(r−) is a count for equally weighted samples: snap float noise so F̂ = (k+1)/(M+1) is exact
        const k = Math.abs(M * hb - Math.round(M * hb)) < 1e-9 ? Math.round(M * hb) : M * hb;
        hb = ha = (k + 1) / (Math.round(M) === M || Math.abs(M - Math.round(M)) < 1e-9 ? Math.round(M) + 1 : M + 1);
      } else if (this.options.convention === 'weak') hb = ha = Math.max(ha, 1 / (2 * Math.max(M, 1)));
      const hmid = (hb + ha) / 2;
      const below = evidence.below[i]!;
      const ties = evidence.ties[i]!;
      const c = below + ties / 2;
      let fb: number;
      let fa: number;
      let fmid: number;
      if (alpha === Infinity) {
        // the mid convention alone can reach 0 below every sample; floor it like BOND's 1/(2M) — F_≤ too,
        // so that the tie-exact weight stays finite there ((F_≤^N − 0)/F_≤ = F_≤^{N−1})
        const floor = this.options.convention === 'mid' ? 1 / (2 * Math.max(M, 1)) : 0;
        fb = hb;
        fa = Math.max(ha, floor);
        fmid = Math.max(hmid, floor);
      } else {
        fb = (alpha * hb + below) / (alpha + n);
        fa = (alpha * ha + below + ties + 1) / (alpha + n);
        fmid = (alpha * hmid + c + 0.5) / (alpha + n);
      }
      out.cdf[i] = fmid;
      out.cdfBelow[i] = fb;
      out.cdfAtOrBelow[i] = fa;
      const ai = a0 + (alpha === Infinity ? 0 : alpha * hmid + c);
      const bi = b0 + (alpha === Infinity ? 0 : alpha * (1 - hmid) + (n - 1 - c));
      out.reward[i] =
        this.options.reward === 'log-mid' || alpha === Infinity ? Math.log(fmid) : digamma(ai) - digamma(ai + bi);
      if (this.options.weights === 'tie-exact') out.logWeight[i] = logTieExactWeight(fb, fa, bonN);
      else if (this.options.weights === 'power' || alpha === Infinity) out.logWeight[i] = (bonN - 1) * Math.log(fmid);
      else {
        let lw = 0;
        for (let k = 0; k < bonN - 1; k++) lw += Math.log((ai + k) / (ai + bi + k));
        out.logWeight[i] = lw;
      }
    }
    return out;
  }
}

export const dpBetaTarget: TargetEstimatorDefinition<DpBetaOptions> = {
  meta: {
    id: 'dp-beta',
    description:
      "Dirichlet-process posterior CDF with a Beta posterior on each rollout's quantile (BLADE default, designs D1+D3); α='inf' gives the static vBoN/BOND target.",
    schema: DpBetaOptions,
  },
  create: (options) => new DpBetaTarget(options),
};
