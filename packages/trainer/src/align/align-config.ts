import { type Static, Type } from '@bladerec/core';
import { learningRateSchedule } from '../optim/learning-rate.js';
import { KlConfig } from './loss/kl-config.js';
import { LossTermConfig } from './loss/loss-term-config.js';

/** The alignment algorithms; each is a preset of the one alignment code path. */
export const ALGORITHMS = ['blade', 'vbon', 'bond', 'jbond', 'bonbon', 'grpo', 'rloo'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

const Component = (kind: string, description: string) =>
  Type.Object(
    {
      kind: Type.String({ default: kind, description }),
      options: Type.Object(
        {},
        {
          additionalProperties: true,
          default: {},
          description: "The component's options (validated by its own schema).",
        },
      ),
    },
    { additionalProperties: false, default: { kind, options: {} } },
  );

/**
 * List-wise alignment of the policy to the objective (BLADE and the Best-of-N baselines).
 *
 * > Parameters that choose the algorithm: `algorithm` (set by `blade train <algorithm>`) and the
 * > components `prior`, `evidence`, `target` (by id: built-ins in `@bladerec/estimators`, or a plugin's).
 * > Parameters of the rollouts: `contextsPerStep` (B), `groupSize` (N), `listLength` (K), `split`,
 * > `referenceRollouts` (M cached reference rollouts per context), `excludeHistory`.
 * > Parameters of the loss: `loss` (weighted terms, `loss/`), `kl`, `anchor`, `terms` (composite objectives),
 * > `skipTiedGroups`, `dynamicSampling`, `maxRollouts`.
 * > Optimisation: `steps`, `learningRate`, `warmupSteps`, `schedule`, `weightDecay`, `gradClip`, `seed`.
 * > Evaluation and logging: `evalEvery`, `evalExamples`, `evalSamples`, `ceilingRollouts`, `metrics`, `k`, `keepBest`,
 * > `monitor`, `logEvery`, `checkpointEvery`.
 */
export const AlignConfig = Type.Object(
  {
    algorithm: Type.Union(
      ALGORITHMS.map((a) => Type.Literal(a)),
      { default: 'blade', description: 'Which algorithm (normally set by the command).' },
    ),
    init: Type.Optional(
      Type.String({
        description:
          'The SFT model to start from and to use as reference (model.bct written by `blade train sft`), relative to the config file.',
      }),
    ),
    seed: Type.Integer({ default: 0, description: 'Seed of context order and sampling.' }),
    steps: Type.Integer({ minimum: 1, default: 300, description: 'Optimizer steps (one batch of groups each).' }),
    contextsPerStep: Type.Integer({ minimum: 1, default: 32, description: 'Contexts (users) per step, B.' }),
    groupSize: Type.Integer({
      minimum: 2,
      default: 8,
      description: 'Rollouts per context, N (also the Best-of-N size of the target).',
    }),
    listLength: Type.Integer({ minimum: 1, default: 10, description: 'Items per generated list, K.' }),
    split: Type.Union([Type.Literal('align'), Type.Literal('valid'), Type.Literal('train')], {
      default: 'align',
      description:
        "Contexts to align on: 'align' (the data.alignHoldout examples SFT never saw), 'valid', or 'train' (SFT's own contexts: gains there are memory).",
    }),
    referenceRollouts: Type.Integer({
      minimum: 1,
      default: 32,
      description: 'M cached reference-policy rollouts per context that seed the prior (and the static baselines).',
    }),
    excludeHistory: Type.Boolean({ default: false, description: "Never generate an item of the user's history." }),
    prior: Component('reservoir', 'Prior store id (reservoir, nig, or a plugin’s).'),
    evidence: Component('mid-rank', 'Evidence estimator id (mid-rank, kernel, or a plugin’s).'),
    target: Component('dp-beta', 'Target estimator id (dp-beta, nig-t, raw, jbond, or a plugin’s).'),
    loss: Type.Array(LossTermConfig, {
      minItems: 1,
      default: [
        { kind: 'weighted-nll', weight: 0.5, from: 'policy', centred: true },
        { kind: 'policy-gradient', weight: 0.5, advantage: 'loo', reward: 'log-weight' },
      ],
      description:
        'The loss: a weighted sum of these terms (docs/algorithms.md). β_J is the weight of the policy-gradient term.',
    }),
    kl: KlConfig,
    anchor: Type.Optional(
      Type.Object(
        {
          ema: Type.Number({
            minimum: 0,
            maximum: 1,
            default: 0.05,
            description: 'Anchor update θ_anchor ← (1−η)θ_anchor + ηθ after every step (J-BOND eq. 18).',
          }),
          samples: Type.Integer({
            minimum: 1,
            default: 2,
            description:
              "Anchor samples per context and step: the step's prior (the target's CDF) and the anchor-best forward sample.",
          }),
        },
        {
          additionalProperties: false,
          description:
            "A moving EMA anchor (J-BOND); absent = none. With it, the target's prior of each group is its anchor samples.",
        },
      ),
    ),
    terms: Type.Union([Type.Literal('per-term'), Type.Literal('sum')], {
      default: 'per-term',
      description:
        "Composite objectives: 'per-term' transforms each term's reward with its own prior/target and weights the transformed terms; 'sum' transforms the weighted sum.",
    }),
    skipTiedGroups: Type.Boolean({
      default: true,
      description:
        'Leave out of the loss the groups whose rollouts all have the same reward (no signal; counted in groups/all_tied).',
    }),
    dynamicSampling: Type.Object(
      {
        enabled: Type.Boolean({
          default: false,
          description: 'Replace all-tied groups by groups of further contexts (DAPO-style).',
        }),
        maxDraws: Type.Integer({ minimum: 0, default: 32, description: 'At most this many extra groups per step.' }),
      },
      {
        additionalProperties: false,
        default: { enabled: false, maxDraws: 32 },
        description: 'Dynamic sampling: every drawn rollout counts in sampling/rollouts.',
      },
    ),
    maxRollouts: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Stop when this many rollouts were sampled during training (policy, reference-best and anchor samples; not the cached ones).',
      }),
    ),
    ceilingRollouts: Type.Integer({
      minimum: 1,
      default: 64,
      description:
        'Reference lists per evaluation context, drawn once at start, for the unbiased static ceiling E[max of N] (eval/ceiling_ratio).',
    }),
    learningRate: Type.Number({ exclusiveMinimum: 0, default: 0.0001, description: 'Peak Adam learning rate.' }),
    warmupSteps: Type.Integer({ minimum: 0, default: 10 }),
    schedule: learningRateSchedule('constant'),
    weightDecay: Type.Number({ minimum: 0, default: 0 }),
    gradClip: Type.Number({ minimum: 0, default: 1 }),
    evalEvery: Type.Integer({
      minimum: 1,
      default: 50,
      description: 'Evaluate on the validation split every this many steps (and at the end).',
    }),
    evalExamples: Type.Integer({ minimum: 1, default: 500 }),
    evalSamples: Type.Integer({
      minimum: 1,
      default: 4,
      description: 'Sampled lists per user in the sampled-list evaluation (metrics averaged).',
    }),
    metrics: Type.Array(Type.String(), {
      default: ['ndcg@10', 'recall@10'],
      minItems: 1,
      description: "Validation and test metrics; 'objective' is the run's own objective (its weighted total per list).",
    }),
    metricOptions: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
      default: {},
      description: 'Options of listed metrics, keyed by instance name, e.g. { "mgu@10": { "attribute": "group" } }.',
    }),
    keepBest: Type.Boolean({
      default: false,
      description:
        "Return and save (model.bct) the weights of the validation evaluation with the highest sampled-list `monitor` value, the initial policy (step 0) included, instead of the last step's.",
    }),
    monitor: Type.Optional(
      Type.String({
        description:
          'With keepBest: the metric (one of align.metrics; default the first) whose sampled-list validation value picks the weights.',
      }),
    ),
    logEvery: Type.Integer({ minimum: 1, default: 1 }),
    checkpointEvery: Type.Integer({ minimum: 1, default: 50 }),
  },
  { additionalProperties: false },
);
export type AlignConfig = Static<typeof AlignConfig>;
