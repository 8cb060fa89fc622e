import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BladeUserError,
  type EvaluationResult,
  type Evaluator,
  type SequenceDataset,
  type SequenceExample,
} from '@bladerec/core';
import { mixSeeds, Random } from '@bladerec/data';
import { currentBackend } from '../backend/backend-selection.js';
import { tf } from '../backend/tf.js';
import { type LogRecord, notify, type TrainerCallback } from '../callbacks/trainer-callback.js';
import { readCheckpoint, writeCheckpoint } from '../checkpoint/checkpoint-file.js';
import { saveModel } from '../checkpoint/model-file.js';
import { restoreTraining, trainingTensors } from '../checkpoint/training-state.js';
import { evaluateRecommender } from '../evaluation/evaluate-recommender.js';
import { validateMetrics } from '../evaluation/metric-selection.js';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import { gatherRows } from '../model/ops/gather-rows.js';
import { CountPrior, earlierTokens, historyTokens } from '../model/count-prior.js';
import { Transformer } from '../model/transformer.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import { projectCatalogEmbeddings } from '../model/transformer-parameters.js';
import { Adam } from '../optim/adam.js';
import { learningRateAt } from '../optim/learning-rate.js';
import { optimizerStep } from '../optim/optimizer-step.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { nextItemLoss, sampleNegatives } from './next-item-loss.js';
import type { SftConfig } from './sft-config.js';
import { packWindows, type TrainingWindow, trainingWindows } from './training-windows.js';

/** What {@link SftTrainer} needs. */
export interface SftTrainerOptions {
  readonly config: SftConfig;
  readonly model: TransformerConfig;
  readonly dataset: SequenceDataset;
  /** Training examples (default: the data set's training split; the CLI passes it minus the alignment hold-out). */
  readonly train?: readonly SequenceExample[];
  readonly evaluator: Evaluator;
  /** Directory for `checkpoint.bct`, `model.bct`; none = nothing written. */
  readonly runDir?: string;
  /** Continue from `runDir/checkpoint.bct` when it exists. */
  readonly resume?: boolean;
  readonly callbacks?: readonly TrainerCallback[];
  /** Provenance recorded in `model.bct` besides algorithm, data set and step (e.g. the alignment hold-out). */
  readonly modelMeta?: Readonly<Record<string, unknown>>;
}

/** Result of a run. */
export interface SftResult {
  readonly policy: TransformerPolicy;
  /** Validation result of the returned (best) weights. */
  readonly best: EvaluationResult | undefined;
  readonly bestStep: number;
  readonly steps: number;
  readonly stoppedEarly: boolean;
}

interface SftState {
  readonly kind: 'bladerec-sft';
  readonly config: SftConfig;
  readonly model: TransformerConfig;
  readonly numItems: number;
  readonly step: number;
  readonly epoch: number;
  readonly batchInEpoch: number;
  readonly rng: number;
  readonly adamStep: number;
  readonly bestScore: number;
  readonly bestStep: number;
  readonly evalsWithoutImprovement: number;
  readonly stopped: boolean;
}

/**
 * Supervised fine-tuning of the transformer policy: next-item cross-entropy with teacher forcing on
 * windows of the training sequences, AdamW with warm-up and cosine decay, global-norm clipping,
 * validation top-K metrics with early stopping on `monitor`, atomic checkpoints every
 * `checkpointEvery` steps, exact resume (weights, optimizer moments, RNG and data-order state), and a
 * hard stop with a saved last-good checkpoint on a non-finite loss or gradient.
 */
export class SftTrainer {
  constructor(private readonly options: SftTrainerOptions) {}

  async train(): Promise<SftResult> {
    const { config, dataset, runDir } = this.options;
    const callbacks = this.options.callbacks ?? [];
    const catalog = dataset.catalog;
    const C = this.options.model.context;
    const windows = trainingWindows(this.options.train ?? dataset.splits.train, C, config.targets);
    if (windows.length === 0)
      throw new BladeUserError(
        `the training split of ${dataset.name} yields no training windows (need sequences of at least 2 items)`,
      );
    const stepsPerEpoch = Math.ceil(windows.length / config.batchSize);
    const totalSteps = config.steps ?? Math.max(1, Math.round(config.epochs * stepsPerEpoch));
    validateMetrics(this.options.evaluator, config, catalog.itemSide(), config.k);
    if (!config.metrics.includes(config.monitor))
      throw new BladeUserError(
        `sft.monitor '${config.monitor}' is not one of sft.metrics (${config.metrics.join(', ')})`,
      );
    const checkpointPath = runDir ? join(runDir, 'checkpoint.bct') : undefined;

    const rng = new Random(config.seed);
    let itemInit: Float32Array | undefined;
    if (this.options.model.initFromCatalog) {
      if (!catalog.embeddings)
        throw new BladeUserError('model.initFromCatalog is set but the catalog has no embeddings');
      itemInit = projectCatalogEmbeddings(
        catalog.embeddings.data,
        catalog.embeddings.dim,
        catalog.size,
        this.options.model.dModel,
        new Random(config.seed ^ 0x5bd1e995),
      );
    }
    // the count prior's tables come from the same training examples the transition baseline counts
    const train = this.options.train ?? dataset.splits.train;
    const countPrior = this.options.model.countPrior;
    if (countPrior && (config.loss ?? 'softmax') !== 'softmax') {
      throw new BladeUserError('model.countPrior needs sft.loss softmax');
    }
    const prior = countPrior ? CountPrior.fromExamples(catalog.size, train, countPrior.smoothing) : undefined;
    const lagPriors = Array.from({ length: (countPrior?.lags ?? 1) - 1 }, (_, l) =>
      CountPrior.fromExamples(catalog.size, train, countPrior!.smoothing, l + 2),
    );
    const model = Transformer.create(this.options.model, catalog.size, rng, itemInit, prior, lagPriors);
    const optimizer = new Adam(model.params, { weightDecay: config.weightDecay });
    const policy = new TransformerPolicy(model);

    let step = 0;
    let epoch = 0;
    let batchInEpoch = 0;
    let bestScore = -Infinity;
    let bestStep = -1;
    let evalsWithoutImprovement = 0;
    let stopped = false;
    let bestWeights: Map<string, Float32Array> | undefined;

    if (this.options.resume && checkpointPath && existsSync(checkpointPath)) {
      const { state, tensors } = readCheckpoint<SftState>(checkpointPath);
      if (state.kind !== 'bladerec-sft') throw new BladeUserError('not an SFT checkpoint', { file: checkpointPath });
      if (state.numItems !== catalog.size)
        throw new BladeUserError(`checkpoint has ${state.numItems} items, the data set ${catalog.size}`, {
          file: checkpointPath,
        });
      bestWeights = restoreTraining({ tensors, adamStep: state.adamStep, model, optimizer });
      ({ step, epoch, batchInEpoch, bestScore, bestStep, evalsWithoutImprovement, stopped } = state);
      rng.setState(state.rng);
    }

    const saveCheckpoint = async () => {
      if (!checkpointPath) return;
      const { tensors, adamStep } = await trainingTensors({ model, optimizer, best: bestWeights });
      const state: SftState = {
        kind: 'bladerec-sft',
        config,
        model: this.options.model,
        numItems: catalog.size,
        step,
        epoch,
        batchInEpoch,
        rng: rng.getState(),
        adamStep,
        bestScore: Number.isFinite(bestScore) ? bestScore : -1,
        bestStep,
        evalsWithoutImprovement,
        stopped,
      };
      writeCheckpoint(checkpointPath, { state, tensors });
      await notify(callbacks, 'onCheckpoint', checkpointPath, step);
    };

    const evaluate = async (): Promise<EvaluationResult> =>
      evaluateRecommender(
        new PolicyRecommender(policy, config.beamWidth),
        dataset.splits.valid.slice(0, config.evalExamples),
        {
          evaluator: this.options.evaluator,
          metrics: config.metrics,
          metricOptions: config.metricOptions,
          k: config.k,
          items: catalog.itemSide(),
          excludeHistory: config.excludeHistory,
          contextLength: C,
        },
      );

    await notify(callbacks, 'onTrainBegin', {
      algorithm: 'sft',
      totalSteps,
      startStep: step,
      backend: currentBackend()?.backend ?? tf.getBackend(),
    });
    // the data order of epoch e depends only on (seed, e), so a resumed run replays it exactly
    const epochOrder = () =>
      new Random(mixSeeds(config.seed, epoch)).shuffle(Array.from({ length: windows.length }, (_, i) => i));
    let order = epochOrder();
    let lossSum = 0;
    let lossCount = 0;
    let tLog = performance.now();
    let stepsSinceLog = 0;

    const recordEvaluation = async () => {
      const result = await evaluate();
      const score = result.values[config.monitor]!;
      const record: Record<string, number> = { step, epoch };
      for (const [name, v] of Object.entries(result.values)) record[`eval/${name}`] = v;
      if (score > bestScore) {
        bestScore = score;
        bestStep = step;
        evalsWithoutImprovement = 0;
        bestWeights = await model.values();
      } else if (++evalsWithoutImprovement >= config.patience) {
        stopped = true;
      }
      record['eval/best_step'] = bestStep;
      await notify(callbacks, 'onLog', record);
    };
    if (config.evalAtStart && step === 0 && bestStep < 0) await recordEvaluation();

    while (step < totalSteps && !stopped) {
      if (batchInEpoch >= stepsPerEpoch) {
        epoch++;
        batchInEpoch = 0;
        order = epochOrder();
      }
      const picked: TrainingWindow[] = order
        .slice(batchInEpoch * config.batchSize, (batchInEpoch + 1) * config.batchSize)
        .map((i) => windows[i]!);
      const { batch, targets } = packWindows(picked, C);
      const positions: number[] = [];
      const labels: number[] = [];
      targets.forEach((t, i) => {
        if (t >= 0) {
          positions.push(i);
          labels.push(t);
        }
      });
      const lossOptions = { loss: config.loss ?? 'softmax', labelSmoothing: config.labelSmoothing ?? 0 } as const;
      const negatives = lossOptions.loss === 'sampled-bce' ? sampleNegatives(labels, catalog.size, rng) : undefined;
      const result = await optimizerStep({
        model,
        optimizer,
        gradClip: config.gradClip,
        learningRate: learningRateAt(step, config.learningRate, config.warmupSteps, totalSteps, config.schedule),
        loss: () => {
          const hidden = model.hidden(batch, rng);
          const h = gatherRows(hidden, tf.tensor1d(positions, 'int32'));
          const targets = Int32Array.from(labels);
          // the count prior conditions on each position's own token; leave-one-out on its target
          const rows = model.prior
            ? {
                last: Int32Array.from(positions, (p) => batch.tokens[p]!),
                leaveOut: targets,
                earlier: earlierTokens(batch, positions, model.priorLags),
                ...(model.config.countPrior?.repeat ? { history: historyTokens(batch, positions) } : {}),
              }
            : undefined;
          return nextItemLoss(model, h, targets, lossOptions, negatives, rows);
        },
      });
      const loss = result.loss;
      const gradNorm = result.gradNorm;
      if (!result.applied) {
        await saveCheckpoint();
        throw new BladeUserError(
          `non-finite ${Number.isFinite(loss) ? 'gradient norm' : 'loss'} at step ${step + 1} (loss ${loss}, gradient norm ${gradNorm}); ` +
            (checkpointPath
              ? `the last good state (step ${step}) is saved in ${checkpointPath}`
              : 'no run directory, nothing saved') +
            '. Lower the learning rate or enable gradient clipping.',
        );
      }
      step++;
      batchInEpoch++;
      stepsSinceLog++;
      lossSum += loss;
      lossCount++;
      await notify(callbacks, 'onStepEnd', step, totalSteps);
      if (step % config.logEvery === 0 || step === totalSteps) {
        const now = performance.now();
        await notify(callbacks, 'onLog', {
          step,
          epoch,
          'train/loss': lossSum / lossCount,
          'train/grad_norm': gradNorm,
          'train/learning_rate': learningRateAt(
            step - 1,
            config.learningRate,
            config.warmupSteps,
            totalSteps,
            config.schedule,
          ),
          'time/step_ms': (now - tLog) / stepsSinceLog,
        });
        lossSum = 0;
        lossCount = 0;
        tLog = now;
        stepsSinceLog = 0;
      }
      if (step % config.evalEvery === 0 || step === totalSteps) await recordEvaluation();
      if (step % config.checkpointEvery === 0 || step === totalSteps || stopped) await saveCheckpoint();
    }

    if (bestWeights) model.assign(bestWeights);
    const best = bestWeights ? await evaluate() : undefined;
    if (runDir)
      await saveModel(join(runDir, 'model.bct'), model, {
        ...this.options.modelMeta,
        algorithm: 'sft',
        dataset: dataset.name,
        step: bestStep,
      });
    await notify(callbacks, 'onTrainEnd', {
      steps: step,
      best_step: bestStep,
      stopped_early: stopped,
      ...prefixed('best/', best?.values ?? {}),
    } as LogRecord);
    return { policy, best, bestStep, steps: step, stoppedEarly: stopped };
  }
}

function prefixed(prefix: string, values: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [prefix + k, v]));
}
