import { type Static, Type } from '@bladerec/core';

// The schemas of the loss terms (no TensorFlow.js here: the CLI validates configs before it loads it).

/** `{kind: 'weighted-nll'}`: the forward-KL (distillation) term. */
export const WeightedNllConfig = Type.Object(
  {
    kind: Type.Literal('weighted-nll'),
    weight: Type.Number({ minimum: 0, default: 0.5, description: 'Weight of the term (1 − β_J in a Jeffreys loss).' }),
    from: Type.Union([Type.Literal('policy'), Type.Literal('reference-best'), Type.Literal('anchor-best')], {
      default: 'policy',
      description:
        "The samples: the policy's rollouts weighted by the target (SNIS), the best of N fresh reference samples (BOND), or the best anchor sample (J-BOND).",
    }),
    centred: Type.Boolean({
      default: true,
      description: 'With `from: policy`: weights q_i − 1/N (same expected gradient, less variance).',
    }),
  },
  { additionalProperties: false },
);
export type WeightedNllConfig = Static<typeof WeightedNllConfig>;

/** `{kind: 'policy-gradient'}`: the backward-KL (reward-seeking) term. */
export const PolicyGradientConfig = Type.Object(
  {
    kind: Type.Literal('policy-gradient'),
    weight: Type.Number({ minimum: 0, default: 0.5, description: 'Weight of the term (β_J in a Jeffreys loss).' }),
    advantage: Type.Union([Type.Literal('loo'), Type.Literal('group-normalized')], {
      default: 'loo',
      description: "Baseline: leave-one-out R_i − mean_{j≠i} R_j (RLOO), or GRPO's (R_i − mean)/std.",
    }),
    reward: Type.Union([Type.Literal('log-weight'), Type.Literal('target'), Type.Literal('raw')], {
      default: 'log-weight',
      description:
        "R_i: the target's log-weight log w_i (the reverse KL to the target, factor N−1 included), the target's own reward (J-BOND's −log 16; log F scale), or the raw objective (GRPO, RLOO).",
    }),
  },
  { additionalProperties: false },
);
export type PolicyGradientConfig = Static<typeof PolicyGradientConfig>;

/** `{kind: 'sft-best'}`: SFT on the best of n cached reference rollouts (BoNBoN's L_SFT-BoN, eq. 4.1). */
export const SftBestConfig = Type.Object(
  {
    kind: Type.Literal('sft-best'),
    weight: Type.Number({ minimum: 0, default: 0.005, description: "Weight (BoNBoN's α)." }),
    n: Type.Integer({
      minimum: 2,
      default: 8,
      description: 'Best of this many cached reference rollouts per context.',
    }),
  },
  { additionalProperties: false },
);
export type SftBestConfig = Static<typeof SftBestConfig>;

/** `{kind: 'ipo-pairs'}`: IPO on (best, worst) of n cached reference rollouts (BoNBoN's L_IPO-BoN, eq. 4.3). */
export const IpoPairsConfig = Type.Object(
  {
    kind: Type.Literal('ipo-pairs'),
    weight: Type.Number({ minimum: 0, default: 0.995, description: "Weight (BoNBoN's 1 − α)." }),
    n: Type.Integer({
      minimum: 2,
      default: 8,
      description: 'Best and worst of this many cached reference rollouts per context.',
    }),
    margin: Type.Union([Type.Number(), Type.Literal('bon')], {
      default: 'bon',
      description: "Target log-ratio margin; 'bon' = (n−1)·H_{n−1} (BoNBoN eq. 4.2).",
    }),
  },
  { additionalProperties: false },
);
export type IpoPairsConfig = Static<typeof IpoPairsConfig>;

/** One entry of `align.loss`, selected by `kind`. */
export const LossTermConfig = Type.Union([WeightedNllConfig, PolicyGradientConfig, SftBestConfig, IpoPairsConfig]);
export type LossTermConfig = WeightedNllConfig | PolicyGradientConfig | SftBestConfig | IpoPairsConfig;
