import { type Static, Type } from '@bladerec/core';

/**
 * `align.kl`: the one KL regulariser of every method.
 * - `form: 'k2'`: per-token loss `coef · ½ (log π_θ − log π_KL)²` (mean over lists of the token sum);
 *   its expected gradient is that of the reverse KL(π_θ‖π_KL) (exact for one token; for lists it keeps
 *   each token's own term, as GRPO's per-token estimator does).
 * - `form: 'in-reward'`: `coef · (log π_θ(y) − log π_KL(y))` of the whole list is subtracted from the
 *   policy-gradient reward (BOND eq. 15): the exact sequence-level reverse-KL gradient.
 * - `coef: 'bon'`: Best-of-N's own regulariser (fixed point π_BoN of π_KL). With the log-weight reward
 *   (which carries the factor N−1) that is 1 in the reward, and the policy-gradient weight β_J as a k2
 *   loss; with a log F-scale reward 1/(N−1) of those.
 * `to`: the frozen SFT reference or the EMA anchor (`align.anchor`).
 */
export const KlConfig = Type.Object(
  {
    coef: Type.Union([Type.Number({ minimum: 0 }), Type.Literal('bon')], {
      default: 0.01,
      description: "KL coefficient β, or 'bon' (Best-of-N's own).",
    }),
    form: Type.Union([Type.Literal('k2'), Type.Literal('in-reward')], {
      default: 'k2',
      description: "'k2' per-token loss, or 'in-reward' (sequence log-ratio in the policy-gradient reward).",
    }),
    to: Type.Union([Type.Literal('reference'), Type.Literal('anchor')], {
      default: 'reference',
      description: 'KL to the frozen SFT reference or to the EMA anchor.',
    }),
  },
  {
    additionalProperties: false,
    default: { coef: 0.01, form: 'k2', to: 'reference' },
    description: 'The KL regulariser, one form for every method.',
  },
);
export type KlConfig = Static<typeof KlConfig>;
