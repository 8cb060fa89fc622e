import { type Static, Type } from '@bladerec/core';
import { LearningRateSchedule } from '../optim/learning-rate.js';

/** A baseline of the SFT test comparison. */
const BaselineName = Type.Union([Type.Literal('popularity'), Type.Literal('transition'), Type.Literal('sasrec')]);

/**
 * Supervised fine-tuning (next-item cross-entropy, teacher forcing) of the list policy.
 *
 * > Parameters that control optimisation: `steps`/`epochs`, `batchSize`, `learningRate`,
 * > `warmupSteps`, `schedule`, `weightDecay`, `gradClip`.
 * > Parameters that control the loss: `loss`, `labelSmoothing`.
 * > Parameters that control the data: `targets`, `seed`.
 * > Baselines of the test comparison: `baselines`.
 * > Parameters that control evaluation and early stopping: `evalEvery`, `evalExamples`, `metrics`,
 * > `k`, `beamWidth`, `excludeHistory`, `patience`, `monitor`.
 * > Parameters that control logging and checkpoints: `logEvery`, `checkpointEvery`.
 */
export const SftConfig = Type.Object(
  {
    seed: Type.Integer({ default: 0, description: 'Seed of initialisation, shuffling and dropout.' }),
    epochs: Type.Number({
      exclusiveMinimum: 0,
      default: 20,
      description: 'Passes over the training windows (ignored when steps is set).',
    }),
    steps: Type.Optional(Type.Integer({ minimum: 1, description: 'Optimizer steps (overrides epochs).' })),
    batchSize: Type.Integer({ minimum: 1, default: 64, description: 'Training windows per step.' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, default: 0.001, description: 'Peak Adam learning rate.' }),
    warmupSteps: Type.Integer({ minimum: 0, default: 50, description: 'Linear warm-up steps.' }),
    schedule: LearningRateSchedule,
    weightDecay: Type.Number({
      minimum: 0,
      default: 0.01,
      description: 'Decoupled (AdamW) weight decay on weight matrices.',
    }),
    gradClip: Type.Number({
      minimum: 0,
      default: 1,
      description: 'Clip the global gradient norm to this value (0 = off).',
    }),
    labelSmoothing: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 1,
        default: 0,
        description:
          'Label smoothing ε of the softmax loss: (1 − ε)·CE + ε·(mean over items of −log p) ' +
          '(Szegedy et al. 2016).',
      }),
    ),
    loss: Type.Optional(
      Type.Union([Type.Literal('softmax'), Type.Literal('sampled-bce')], {
        default: 'softmax',
        description:
          "'softmax': next-item cross-entropy over the catalog; 'sampled-bce': binary cross-entropy of the " +
          "target against one uniformly sampled negative per position (SASRec's loss, Kang & McAuley 2018).",
      }),
    ),
    baselines: Type.Optional(
      Type.Array(BaselineName, {
        default: ['popularity', 'transition'],
        uniqueItems: true,
        description:
          "Baselines evaluated next to the policy on the test split; 'sasrec' trains a SASRec-style model " +
          'with the same budget (see docs/training.md).',
      }),
    ),
    targets: Type.Union([Type.Literal('all'), Type.Literal('last')], {
      default: 'all',
      description:
        "'all': every next item of history + targets is a target (every prefix is an example); 'last': only the examples' own targets (for data that already lists every prefix).",
    }),
    evalEvery: Type.Integer({
      minimum: 1,
      default: 100,
      description: 'Evaluate on the validation split every this many steps (and at the end).',
    }),
    evalAtStart: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Also evaluate the initial weights (step 0), so early stopping can keep them (with model.countPrior ' +
          'the initial policy is the smoothed transition model).',
      }),
    ),
    evalExamples: Type.Integer({
      minimum: 1,
      default: 1000,
      description: 'Validation examples used per evaluation (the first ones).',
    }),
    metrics: Type.Array(Type.String(), {
      default: ['ndcg@10', 'recall@10'],
      minItems: 1,
      description: 'Validation metrics (any registered list reward).',
    }),
    metricOptions: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
      default: {},
      description: 'Options of listed metrics, keyed by instance name, e.g. { "mgu@10": { "attribute": "group" } }.',
    }),
    k: Type.Integer({ minimum: 1, default: 10, description: 'Length of the decoded top-K lists.' }),
    beamWidth: Type.Integer({ minimum: 1, default: 1, description: '1 = greedy decoding; > 1 = beam search.' }),
    excludeHistory: Type.Boolean({ default: false, description: "Never recommend an item of the user's history." }),
    monitor: Type.String({
      default: 'ndcg@10',
      description: 'Metric that decides early stopping and the best checkpoint.',
    }),
    patience: Type.Integer({
      minimum: 1,
      default: 5,
      description: 'Stop after this many evaluations without improvement.',
    }),
    logEvery: Type.Integer({ minimum: 1, default: 10, description: 'Log training loss every this many steps.' }),
    checkpointEvery: Type.Integer({
      minimum: 1,
      default: 100,
      description: 'Write a checkpoint every this many steps (and at the end).',
    }),
  },
  { additionalProperties: false },
);
export type SftConfig = Static<typeof SftConfig>;
