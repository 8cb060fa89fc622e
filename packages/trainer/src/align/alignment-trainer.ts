import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AlignmentComponents,
  BladeUserError,
  type ComposedObjective,
  type Evaluator,
  type ListBatch,
  MetricValueError,
  type PriorStore,
  type PriorStoreState,
  type SequenceExample,
} from '@bladerec/core';
import { mixSeeds, Random } from '@bladerec/data';
import { batchTargets, EmpiricalPrior, refreshPriors, seedPriors } from '@bladerec/estimators';
import { currentBackend } from '../backend/backend-selection.js';
import { tf } from '../backend/tf.js';
import type { ResultCache } from '../cache/result-cache.js';
import { type LogRecord, notify, type TrainerCallback } from '../callbacks/trainer-callback.js';
import { readCheckpoint, writeCheckpoint } from '../checkpoint/checkpoint-file.js';
import { saveModel } from '../checkpoint/model-file.js';
import { restoreTraining, trainingTensors } from '../checkpoint/training-state.js';
import type { TrainingData } from '../config/data-config.js';
import { validateMetrics } from '../evaluation/metric-selection.js';
import { Transformer } from '../model/transformer.js';
import { Adam } from '../optim/adam.js';
import { learningRateAt } from '../optim/learning-rate.js';
import { optimizerStep } from '../optim/optimizer-step.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import type { AlignConfig } from './align-config.js';
import { stepDiagnostics, TARGET_DIAGNOSTIC_KEYS } from './alignment-diagnostics.js';
import { buildCeilingReference, type CeilingReference, ceilingRatio } from './ceiling-reference.js';
import { ContextOrder } from './context-order.js';
import { emaUpdate } from './ema-anchor.js';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.js';
import { k2Coefficient, k2Loss, klEstimate, listLogRatios } from './loss/kl-penalty.js';
import type { LossTerm, PolicyLogProbs, StepBatch } from './loss/loss-term.js';
import { createLossTerms } from './loss/loss-terms.js';
import { buildReferenceCache } from './reference-cache.js';
import { drawRolloutBatch, type RolloutBatch } from './rollout-batch.js';
import { scoreRollouts } from './rollout-rewards.js';

/** What {@link AlignmentTrainer} needs. */
export interface AlignmentTrainerOptions {
  readonly config: AlignConfig;
  readonly objective: ComposedObjective;
  readonly data: TrainingData;
  /** The SFT model: the starting point and the frozen reference. */
  readonly init: Transformer;
  readonly evaluator: Evaluator;
  readonly components: AlignmentComponents;
  readonly runDir?: string;
  readonly resume?: boolean;
  readonly callbacks?: readonly TrainerCallback[];
  /**
   * Stores the reference-only computations (the M cached reference rollouts, the ceiling sample) across
   * runs ({@link ResultCache}; off without). The run's values are the same with and without it; the
   * first record logged reports `cache/hits` and `cache/misses`.
   */
  readonly cache?: ResultCache;
}

/** Result of an alignment run. */
export interface AlignmentResult {
  readonly policy: TransformerPolicy;
  readonly reference: TransformerPolicy;
  readonly steps: number;
  /** Validation result of the returned weights (the best evaluation's with `keepBest`, else the last). */
  readonly validation: PolicyEvaluation | undefined;
  /** The step whose weights are returned: the best evaluation's with `keepBest`, else `steps`. */
  readonly bestStep: number;
  /** Rollouts sampled during training (policy, reference-best and anchor samples). */
  readonly rollouts: number;
}

/** Sampling counters, kept across a resume. */
interface SamplingCounters {
  /** The next position in the context order. */
  position: number;
  /** Every rollout sampled during training. */
  rollouts: number;
  /** Policy rollouts, and those of them in all-tied groups. */
  policyRollouts: number;
  wastedRollouts: number;
}

interface AlignState {
  readonly kind: 'bladerec-align';
  readonly algorithm: string;
  readonly step: number;
  readonly rng: number;
  readonly adamStep: number;
  readonly prior: PriorStoreState;
  readonly sampling?: SamplingCounters;
  /** With keepBest: the best sampled-list validation `monitor` so far and its step (weights under `best/`). */
  readonly bestScore?: number;
  readonly bestStep?: number;
}

type Evidence = ReturnType<AlignmentComponents['evidenceEstimators']['create']>;
type Target = ReturnType<AlignmentComponents['targetEstimators']['create']>;

/**
 * One code path for BLADE and its baselines (`docs/algorithms.md`); the algorithm is data: the loss
 * terms of `align.loss`, `align.kl`, `align.anchor` and the estimators. Each step:
 * 1. draws B contexts of the alignment split (dynamic sampling replaces all-tied groups) and samples
 *    N lists of K items per context from the policy ({@link drawRolloutBatch});
 * 2. scores them with the objective (per term), and samples what the terms need besides (the best of
 *    N reference samples, the anchor's samples);
 * 3. turns the rewards into per-rollout targets — prior store + evidence estimator + target
 *    estimator: R_i and log w_i;
 * 4. minimises `Σ_terms weight·L_term + β·KL` with one AdamW step ({@link optimizerStep});
 * 5. refreshes the prior with every drawn group's rewards, logs the diagnostics (`ALIGN_LOG_KEYS`).
 * The prior is seeded from M cached reference rollouts per context. Checkpoints hold weights,
 * optimizer moments, prior store, anchor and sampling counters, and resume exactly.
 */
export class AlignmentTrainer {
  constructor(private readonly options: AlignmentTrainerOptions) {}

  /** The contexts this run aligns on. */
  private contexts(): readonly SequenceExample[] {
    const { config, data } = this.options;
    const examples =
      config.split === 'align' ? data.align : config.split === 'valid' ? data.dataset.splits.valid : data.sftTrain;
    if (examples.length === 0) {
      throw new BladeUserError(
        config.split === 'align'
          ? 'align.split is "align" but the data set has no alignment hold-out: set data.alignHoldout (e.g. 0.2) — and train SFT with the same data section — or choose align.split "valid"'
          : `the ${config.split} split is empty`,
      );
    }
    return examples;
  }

  /** Configuration errors that the schema cannot see. */
  private check(terms: readonly LossTerm[]): void {
    const { config } = this.options;
    if (!config.anchor) {
      if (terms.some((t) => t.needs.anchorBest))
        throw new BladeUserError("align.loss: weighted-nll from 'anchor-best' needs align.anchor");
      if (config.kl.to === 'anchor') throw new BladeUserError("align.kl.to is 'anchor' but align.anchor is not set");
    }
    if (config.ceilingRollouts < config.groupSize) {
      throw new BladeUserError(
        `align.ceilingRollouts (${config.ceilingRollouts}) must be at least align.groupSize (${config.groupSize}): the ceiling is E[max of N] from M ≥ N samples`,
      );
    }
  }

  async train(): Promise<AlignmentResult> {
    const { config, objective, data, evaluator, runDir } = this.options;
    const callbacks = this.options.callbacks ?? [];
    const dataset = data.dataset;
    const items = dataset.catalog.itemSide();
    validateMetrics(evaluator, { ...config, objective }, items, config.listLength);
    const monitor = config.monitor ?? config.metrics[0]!;
    if (config.keepBest && !config.metrics.includes(monitor))
      throw new BladeUserError(`align.monitor '${monitor}' is not one of align.metrics (${config.metrics.join(', ')})`);
    const terms = createLossTerms(config.loss);
    this.check(terms);
    const examples = this.contexts();
    const C = this.options.init.config.context;
    const N = config.groupSize;
    const K = config.listLength;
    const B = Math.min(config.contextsPerStep, examples.length);
    const excl = config.excludeHistory;
    const algorithm = config.algorithm;
    const mode = objective.terms.length > 1 ? config.terms : 'sum';
    const termWeights = objective.terms.map((t) => t.weight);
    const usesTarget = terms.some((t) => t.needs.target);

    const initValues = await this.options.init.values();
    // policy, reference and anchor share the SFT model's count prior (so their KL is over the same support)
    const { config: initConfig, numItems, prior: countPrior, lagPriors } = this.options.init;
    const model = new Transformer(initConfig, numItems, initValues, countPrior, lagPriors);
    const referenceModel = new Transformer(initConfig, numItems, initValues, countPrior, lagPriors);
    const anchorModel = config.anchor
      ? new Transformer(initConfig, numItems, initValues, countPrior, lagPriors)
      : undefined;
    const policy = new TransformerPolicy(model);
    const reference = new TransformerPolicy(referenceModel);
    const anchor = anchorModel ? new TransformerPolicy(anchorModel) : undefined;
    const optimizer = new Adam(model.params, { weightDecay: config.weightDecay });
    const prior = this.options.components.create('prior', config.prior, { path: 'align.prior.options' }) as PriorStore;
    const evidence = this.options.components.create('evidence', config.evidence, {
      path: 'align.evidence.options',
    }) as Evidence;
    const target = this.options.components.create('target', config.target, { path: 'align.target.options' }) as Target;
    const rng = new Random(config.seed);
    const sampler = new Random(mixSeeds(config.seed, 0x5a17));

    // M cached reference rollouts per context: seed the prior, the static estimator and BoNBoN's pairs.
    // Both samples below draw from their own generators (seeds derived with mixSeeds), never from `rng`
    // or `sampler`: skipping them on a cache hit changes nothing else.
    const M = Math.max(config.referenceRollouts, ...terms.map((t) => t.needs.cachedRollouts ?? 1));
    const stored = this.options.cache;
    const memo = <T>(kind: string, inputs: Record<string, unknown>, compute: () => Promise<T>): Promise<T> =>
      stored ? stored.memoFrom(this.options.init, items, kind, inputs, compute) : compute();
    stored?.setCode(JSON.stringify(tf.version), currentBackend()?.backend ?? tf.getBackend());
    const cacheSeed = mixSeeds(config.seed, 0xcace);
    const cache = await memo(
      'reference-rollouts',
      { examples: stored?.digest(examples), m: M, k: K, excludeHistory: excl, seed: cacheSeed },
      () =>
        buildReferenceCache({
          policy: reference,
          examples,
          m: M,
          k: K,
          excludeHistory: excl,
          objective,
          items,
          seed: cacheSeed,
        }),
    );
    for (let c = 0; c < examples.length; c++) seedPriors(prior, c, cache.terms[c]!, cache.totals[c]!, mode);
    const evalExamples = dataset.splits.valid.slice(0, config.evalExamples);
    const ceilingInputs = { examples: evalExamples, k: K, excludeHistory: excl, objective, items };
    const ceilingSeed = mixSeeds(config.seed, 0xce11);
    const ceilingKey = {
      examples: stored?.digest(evalExamples),
      m: config.ceilingRollouts,
      n: N,
      k: K,
      excludeHistory: excl,
      seed: ceilingSeed,
    };
    const ceiling: CeilingReference = await memo('ceiling-reference', ceilingKey, () =>
      buildCeilingReference({ ...ceilingInputs, reference, m: config.ceilingRollouts, n: N, seed: ceilingSeed }),
    );
    // reported once, in the first record this run logs (cache/* is no key the study reads)
    let cacheRecord: Record<string, number> | undefined = stored
      ? { 'cache/hits': stored.counts.hits, 'cache/misses': stored.counts.misses }
      : undefined;
    const withCache = (record: Record<string, number>) => {
      if (cacheRecord) Object.assign(record, cacheRecord);
      cacheRecord = undefined;
      return record;
    };

    let step = 0;
    const counters: SamplingCounters = { position: 0, rollouts: 0, policyRollouts: 0, wastedRollouts: 0 };
    let best: { score: number; step: number; weights: Map<string, Float32Array> } | undefined;
    const checkpointPath = runDir ? join(runDir, 'checkpoint.bct') : undefined;
    const otherModels = anchorModel ? { 'anchor/': anchorModel } : undefined;
    if (this.options.resume && checkpointPath && existsSync(checkpointPath)) {
      const { state, tensors } = readCheckpoint<AlignState>(checkpointPath);
      if (state.kind !== 'bladerec-align' || state.algorithm !== algorithm)
        throw new BladeUserError(`not a ${algorithm} alignment checkpoint`, { file: checkpointPath });
      const weights = restoreTraining({ tensors, adamStep: state.adamStep, model, optimizer, models: otherModels });
      prior.load(state.prior);
      rng.setState(state.rng);
      step = state.step;
      Object.assign(counters, state.sampling ?? { position: step * B });
      if (state.bestStep !== undefined && weights) best = { score: state.bestScore!, step: state.bestStep, weights };
    }
    const saveCheckpoint = async () => {
      if (!checkpointPath) return;
      const { tensors, adamStep } = await trainingTensors({
        model,
        optimizer,
        best: best?.weights,
        models: otherModels,
      });
      const bestState = best ? { bestScore: best.score, bestStep: best.step } : {};
      const state: AlignState = {
        kind: 'bladerec-align',
        algorithm,
        step,
        rng: rng.getState(),
        adamStep,
        prior: prior.save(),
        sampling: { ...counters },
        ...bestState,
      };
      writeCheckpoint<AlignState>(checkpointPath, { state, tensors });
      await notify(callbacks, 'onCheckpoint', checkpointPath, step);
    };

    const evaluate = () =>
      evaluatePolicy(policy, evalExamples, {
        evaluator,
        metrics: config.metrics,
        metricOptions: config.metricOptions,
        objective,
        k: config.listLength,
        items,
        excludeHistory: excl,
        samples: config.evalSamples,
        contextLength: C,
        seed: mixSeeds(config.seed, 0xe7a1),
      });

    await notify(callbacks, 'onTrainBegin', {
      algorithm,
      totalSteps: config.steps,
      startStep: step,
      backend: currentBackend()?.backend ?? tf.getBackend(),
    });
    let validation: PolicyEvaluation | undefined;
    /** Evaluates on the validation split, logs, and with keepBest remembers the weights of a new best. */
    const validate = async () => {
      validation = await evaluate();
      const record = evalRecord(step, validation);
      record['eval/ceiling_reference'] = ceiling.value;
      record['eval/ceiling_ratio'] = await ceilingRatio(policy, ceiling, {
        ...ceilingInputs,
        samples: config.evalSamples,
        seed: mixSeeds(config.seed, 0xce12),
      });
      if (config.keepBest) {
        const score = validation.sampled.values[monitor]!;
        if (!best || score > best.score) best = { score, step, weights: await model.values() };
        record['eval/best_step'] = best.step;
      }
      await notify(callbacks, 'onLog', withCache(record));
    };
    if (step === 0) await validate();
    const order = new ContextOrder(examples.length, config.seed);
    const budgetSpent = () => config.maxRollouts !== undefined && counters.rollouts >= config.maxRollouts;

    while (step < config.steps && !budgetSpent()) {
      const t0 = performance.now();
      sampler.setState(mixSeeds(config.seed, step + 1));
      // a plugin reward that throws or breaks its declared range stops the run cleanly, its last state saved
      const scored = await this.stopOnMetricError(step, saveCheckpoint, checkpointPath, async () => {
        const batch = await drawRolloutBatch({
          policy,
          order,
          position: counters.position,
          examples,
          groups: B,
          n: N,
          k: K,
          contextLength: C,
          excludeHistory: excl,
          sampler,
          objective,
          items,
          dynamic: config.dynamicSampling,
        });
        const extra = await this.extraSamples(terms, batch, reference, anchor, sampler, objective, items);
        return { batch, extra };
      });
      const { batch, extra } = scored;
      const drawnGroups = batch.drawn.keys.length;
      counters.position = batch.nextPosition;
      counters.policyRollouts += drawnGroups * N;
      counters.wastedRollouts += batch.tiedDrawn * N;
      counters.rollouts += drawnGroups * N;
      counters.rollouts += extra.rollouts;

      const { rewards, keys } = batch;
      const targets = batchTargets({
        n: N,
        contextKeys: keys,
        termRewards: rewards.terms,
        termWeights,
        total: rewards.total,
        mode,
        components: { prior, evidence, target },
        bonN: N,
        priorOf: extra.anchorPrior,
      });
      const record: Record<string, number> = {
        'reward/total/mean': mean(rewards.total),
        ...Object.fromEntries(objective.terms.map((t, i) => [`reward/${t.name}/mean`, mean(rewards.raw[i]!)])),
      };
      // the diagnostics describe the policy-gradient reward the loss uses (the target's R without one)
      const diagnosticReward =
        terms.find((t) => t.rewardOf)?.rewardOf!({ targets, total: rewards.total }) ?? targets.reward;
      const diagnostics = stepDiagnostics({
        n: N,
        total: rewards.total,
        reward: Float64Array.from(diagnosticReward),
        logWeight: targets.logWeight,
        cdf: targets.cdf,
        referenceTotals: Array.from(keys, (k) => cache.totals[k]!),
      });
      if (usesTarget)
        for (const [field, key] of Object.entries(TARGET_DIAGNOSTIC_KEYS))
          record[key] = diagnostics[field as keyof typeof TARGET_DIAGNOSTIC_KEYS];
      refreshPriors(prior, N, batch.drawn.keys, batch.drawn.rewards.terms, batch.drawn.rewards.total, mode);

      const signal = Uint8Array.from(batch.tied, (tied) => (tied && config.skipTiedGroups ? 0 : 1));
      const refTokens = await reference.tokenLogProbs(batch.contexts, batch.lists, batch.rows, excl);
      const anchorTokens = anchor
        ? await anchor.tokenLogProbs(batch.contexts, batch.lists, batch.rows, excl)
        : undefined;
      const klTokens = config.kl.to === 'anchor' ? anchorTokens! : refTokens;
      const stepBatch: StepBatch = {
        groups: B,
        n: N,
        keys,
        total: rewards.total,
        targets,
        signal,
        cache,
        referenceBest: extra.referenceBest,
        anchorBest: extra.anchorBest,
        inRewardKl:
          config.kl.form === 'in-reward'
            ? { logRatio: listLogRatios(batch.tokenLogProbs, klTokens, K), coef: config.kl.coef }
            : undefined,
      };
      const prepared = terms.map((t) => t.prepare(stepBatch));
      for (const p of prepared) Object.assign(record, p.record);
      const k2 = config.kl.form === 'k2' ? k2Coefficient(config.kl, terms, N) : 0;
      const lossFn = () => {
        let rollouts: ReturnType<PolicyLogProbs['rollouts']> | undefined;
        const lp: PolicyLogProbs = {
          rollouts: () => (rollouts ??= policy.listLogProbs(batch.contexts, batch.lists, batch.rows, excl)),
          lists: (lists, rows) => policy.listLogProbs(batch.contexts, lists, rows, excl).total,
        };
        let loss: tf.Scalar = tf.scalar(0);
        for (const p of prepared) loss = tf.add(loss, p.loss(lp));
        if (k2 > 0) loss = tf.add(loss, tf.mul(k2Loss(lp.rollouts().tokens, tf.tensor2d(klTokens, [B * N, K])), k2));
        return loss;
      };
      const lr = learningRateAt(step, config.learningRate, config.warmupSteps, config.steps, config.schedule);
      const result = await optimizerStep({
        model,
        optimizer,
        loss: lossFn,
        gradClip: config.gradClip,
        learningRate: lr,
      });
      if (!result.applied) {
        await saveCheckpoint();
        throw new BladeUserError(
          `non-finite ${Number.isFinite(result.loss) ? 'gradient norm' : 'loss'} at alignment step ${step + 1}; ` +
            (checkpointPath ? `the last good state (step ${step}) is saved in ${checkpointPath}` : 'nothing saved') +
            '. Lower align.learningRate.',
        );
      }
      if (anchorModel) emaUpdate(anchorModel, model, config.anchor!.ema);
      step++;
      const last = step === config.steps || budgetSpent();
      await notify(callbacks, 'onStepEnd', step, config.steps);
      if (step % config.logEvery === 0 || last) {
        Object.assign(record, {
          'groups/all_tied': diagnostics.tiedGroups,
          'groups/skipped': signal.reduce((s, x) => s + 1 - x, 0) / B,
          'kl/reference': klEstimate(refTokens, batch.tokenLogProbs, K),
          ...(anchorTokens ? { 'kl/anchor': klEstimate(anchorTokens, batch.tokenLogProbs, K) } : {}),
          'sampling/rollouts': counters.rollouts,
          'sampling/wasted_fraction':
            counters.policyRollouts === 0 ? 0 : counters.wastedRollouts / counters.policyRollouts,
          'sampling/groups_drawn': drawnGroups,
        });
        await notify(
          callbacks,
          'onLog',
          withCache({
            step,
            ...record,
            'train/loss': result.loss,
            'train/grad_norm': result.gradNorm,
            'train/learning_rate': lr,
            'time/step_ms': performance.now() - t0,
          }),
        );
      }
      if (step % config.evalEvery === 0 || last) await validate();
      if (step % config.checkpointEvery === 0 || last) await saveCheckpoint();
    }
    let bestStep = step;
    if (config.keepBest && best) {
      if (best.step !== step) {
        model.assign(best.weights);
        validation = await evaluate();
      }
      bestStep = best.step;
    }
    if (runDir) await saveModel(join(runDir, 'model.bct'), model, { algorithm, dataset: dataset.name, step: bestStep });
    await notify(callbacks, 'onTrainEnd', {
      steps: step,
      best_step: bestStep,
      rollouts: counters.rollouts,
      ...(validation ? evalRecord(bestStep, validation) : {}),
    } as LogRecord);
    return { policy, reference, steps: step, validation, bestStep, rollouts: counters.rollouts };
  }

  /**
   * Runs `work` (sampling and scoring a step's rollouts); a reward that throws or breaks its declared
   * range (`MetricValueError`) saves the state before this step — none of it was applied — and becomes a
   * one-line user error naming the plugin, metric, user and value.
   */
  private async stopOnMetricError<T>(
    step: number,
    saveCheckpoint: () => Promise<void>,
    checkpointPath: string | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof MetricValueError)) throw error;
      await saveCheckpoint();
      const saved = checkpointPath
        ? `the last good state (step ${step}) is saved in ${checkpointPath}`
        : 'nothing saved';
      throw new BladeUserError(
        `${error.reason}; alignment stopped at step ${step + 1}, ${saved}`,
        {},
        { cause: error },
      );
    }
  }

  /**
   * What the loss terms need besides the policy rollouts: the anchor's samples (the step's prior of
   * each group and its best sample) and the best of N fresh reference samples; with the rollouts drawn.
   */
  private async extraSamples(
    terms: readonly LossTerm[],
    batch: RolloutBatch,
    reference: TransformerPolicy,
    anchor: TransformerPolicy | undefined,
    sampler: Random,
    objective: ComposedObjective,
    items: ReturnType<TrainingData['dataset']['catalog']['itemSide']>,
  ): Promise<{
    rollouts: number;
    anchorPrior?: (g: number) => EmpiricalPrior;
    anchorBest?: ListBatch;
    referenceBest?: ListBatch;
  }> {
    const { config } = this.options;
    const B = batch.keys.length;
    const N = config.groupSize;
    const K = config.listLength;
    const excl = config.excludeHistory;
    const out: {
      rollouts: number;
      anchorPrior?: (g: number) => EmpiricalPrior;
      anchorBest?: ListBatch;
      referenceBest?: ListBatch;
    } = { rollouts: 0 };
    if (anchor && config.anchor) {
      const A = config.anchor.samples;
      const sampled = await anchor.sample(batch.contexts, { n: A, length: K, random: sampler, excludeHistory: excl });
      const totals = scoreRollouts(
        objective,
        batch.examples,
        TransformerPolicy.repeatRows(B, A),
        sampled.lists,
        items,
      ).total;
      out.anchorPrior = (g) => new EmpiricalPrior(totals.slice(g * A, (g + 1) * A), new Float64Array(A).fill(1 / A));
      out.anchorBest = bestPerGroup(sampled.lists, totals, A);
      out.rollouts += B * A;
    }
    if (terms.some((t) => t.needs.referenceBest)) {
      const sampled = await reference.sample(batch.contexts, {
        n: N,
        length: K,
        random: sampler,
        excludeHistory: excl,
      });
      out.referenceBest = bestPerGroup(
        sampled.lists,
        scoreRollouts(objective, batch.examples, batch.rows, sampled.lists, items).total,
        N,
      );
      out.rollouts += B * N;
    }
    return out;
  }
}

/** The best list of each group of `n` (first maximal index, as Best-of-N breaks ties). */
function bestPerGroup(lists: ListBatch, totals: Float64Array, n: number): ListBatch {
  const groups = lists.size / n;
  const K = lists.width;
  const items = new Int32Array(groups * K);
  for (let g = 0; g < groups; g++) {
    let best = 0;
    for (let i = 1; i < n; i++) if (totals[g * n + i]! > totals[g * n + best]!) best = i;
    items.set(lists.items.subarray((g * n + best) * K, (g * n + best + 1) * K), g * K);
  }
  return { size: groups, width: K, items };
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return x.length === 0 ? 0 : s / x.length;
}

function evalRecord(step: number, e: PolicyEvaluation): Record<string, number> {
  const out: Record<string, number> = { step };
  for (const [k, v] of Object.entries(e.sampled.values)) out[`eval/sampled/${k}`] = v;
  for (const [k, v] of Object.entries(e.greedy.values)) out[`eval/greedy/${k}`] = v;
  return out;
}
