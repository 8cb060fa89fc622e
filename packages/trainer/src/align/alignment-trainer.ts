import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AlignmentComponents,
  BladeUserError,
  type ComposedObjective,
  type Csr,
  type Evaluator,
  type ListBatch,
  MetricValueError,
  type PriorStore,
  type PriorStoreState,
  type SequenceExample,
} from '@bladerec/core';
import { mixSeeds, Random } from '@bladerec/data';
import { EmpiricalPrior } from '@bladerec/estimators';
import { currentBackend } from '../backend/backend-selection.js';
import { tf } from '../backend/tf.js';
import { type LogRecord, notify, type TrainerCallback } from '../callbacks/trainer-callback.js';
import { readCheckpoint, type StoredTensor, writeCheckpoint } from '../checkpoint/checkpoint-file.js';
import { modelTensors, saveModel } from '../checkpoint/model-file.js';
import type { TrainingData } from '../config/data-config.js';
import { historiesOf } from '../evaluation/example-batches.js';
import { validateMetrics } from '../evaluation/metric-selection.js';
import { Transformer } from '../model/transformer.js';
import { Adam } from '../optim/adam.js';
import { clipByGlobalNorm } from '../optim/clip-gradients.js';
import { learningRateAt } from '../optim/learning-rate.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import { advantages, groupSoftmax } from './advantages.js';
import type { AlignConfig } from './align-config.js';
import { bonbonMargin } from './algorithm-presets.js';
import { stepDiagnostics } from './alignment-diagnostics.js';
import { emaUpdate } from './ema-anchor.js';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.js';
import { batchTargets, refreshPriors, seedPriors } from './group-targets.js';
import { type RolloutRewards, scoreRollouts } from './rollout-rewards.js';

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
}

interface AlignState {
  readonly kind: 'bladerec-align';
  readonly algorithm: string;
  readonly step: number;
  readonly rng: number;
  readonly adamStep: number;
  readonly prior: PriorStoreState;
  /** With keepBest: the best sampled-list validation `monitor` so far and its step (weights under `best/`). */
  readonly bestScore?: number;
  readonly bestStep?: number;
}

/**
 * One code path for BLADE and its baselines (`docs/algorithms.md`). Each step:
 * 1. takes B contexts of the alignment split and samples N lists of K items from the policy
 *    (BoNBoN instead uses offline best/worst pairs of the cached reference rollouts);
 * 2. scores them with the objective (per term);
 * 3. turns the rewards into per-rollout targets — prior store + evidence estimator + target
 *    estimator: R_i for the policy-gradient (backward KL) term, w_i for the weighted-NLL (forward
 *    KL) term;
 * 4. minimises `(1−β_J)·L_fwd + β_J·L_bwd + β·KL̂(π‖π_ref)`, skipping groups whose rewards all tie;
 * 5. refreshes the prior with the step's rewards, logs the failure-mode diagnostics.
 * The prior is seeded from M cached reference rollouts per context. Checkpoints hold weights,
 * optimizer moments, RNG, prior store and anchor, and resume exactly.
 */
export class AlignmentTrainer {
  constructor(private readonly options: AlignmentTrainerOptions) {}

  /** The contexts this run aligns on. */
  private contexts(): readonly SequenceExample[] {
    const { config, data } = this.options;
    const examples = config.split === 'align' ? data.align : config.split === 'valid' ? data.dataset.splits.valid : data.sftTrain;
    if (examples.length === 0) {
      throw new BladeUserError(
        config.split === 'align' ? 'align.split is "align" but the data set has no alignment hold-out: set data.alignHoldout (e.g. 0.2) — and train SFT with the same data section — or choose align.split "valid"' : `the ${config.split} split is empty`,
      );
    }
    return examples;
  }

  async train(): Promise<AlignmentResult> {
    const { config, objective, data, evaluator, runDir } = this.options;
    const callbacks = this.options.callbacks ?? [];
    const dataset = data.dataset;
    const items = dataset.catalog.itemSide();
    validateMetrics(evaluator, config, items, config.listLength);
    const monitor = config.monitor ?? config.metrics[0]!;
    if (config.keepBest && !config.metrics.includes(monitor)) throw new BladeUserError(`align.monitor '${monitor}' is not one of align.metrics (${config.metrics.join(', ')})`);
    const examples = this.contexts();
    const C = this.options.init.config.context;
    const N = config.groupSize;
    const K = config.listLength;
    const B = Math.min(config.contextsPerStep, examples.length);
    const excl = config.excludeHistory;
    const algorithm = config.algorithm;
    const klCoef = config.klCoef === 'bon' ? 1 / (N - 1) : config.klCoef;
    const mode = objective.terms.length > 1 ? config.terms : 'sum';
    const termWeights = objective.terms.map((t) => t.weight);

    const initValues = await this.options.init.values();
    const model = new Transformer(this.options.init.config, this.options.init.numItems, initValues);
    const referenceModel = new Transformer(this.options.init.config, this.options.init.numItems, initValues);
    const anchorModel = algorithm === 'jbond' ? new Transformer(this.options.init.config, this.options.init.numItems, initValues) : undefined;
    const policy = new TransformerPolicy(model);
    const reference = new TransformerPolicy(referenceModel);
    const anchor = anchorModel ? new TransformerPolicy(anchorModel) : undefined;
    const optimizer = new Adam(model.params, { weightDecay: config.weightDecay });
    const prior = this.options.components.create('prior', config.prior, { path: 'align.prior.options' }) as PriorStore;
    const evidence = this.options.components.create('evidence', config.evidence, { path: 'align.evidence.options' }) as ReturnType<AlignmentComponents['evidenceEstimators']['create']>;
    const target = this.options.components.create('target', config.target, { path: 'align.target.options' }) as ReturnType<AlignmentComponents['targetEstimators']['create']>;
    const rng = new Random(config.seed);
    const sampler = new Random(mixSeeds(config.seed, 0x5a17));

    // M cached reference rollouts per context: seed the prior, the static estimator and BoNBoN's pairs
    const M = Math.max(config.referenceRollouts, algorithm === 'bonbon' ? config.bonbonN : 1);
    const cache = await this.referenceCache(reference, examples, M, K, excl, objective, items);
    for (let c = 0; c < examples.length; c++) seedPriors(prior, c, cache.terms[c]!, cache.totals[c]!, mode);

    let step = 0;
    let best: { score: number; step: number; weights: Map<string, Float32Array> } | undefined;
    const checkpointPath = runDir ? join(runDir, 'checkpoint.bct') : undefined;
    if (this.options.resume && checkpointPath && existsSync(checkpointPath)) {
      const { state, tensors } = readCheckpoint<AlignState>(checkpointPath);
      if (state.kind !== 'bladerec-align' || state.algorithm !== algorithm) throw new BladeUserError(`not a ${algorithm} alignment checkpoint`, { file: checkpointPath });
      model.assign(pick(tensors, 'model/'));
      if (anchorModel) anchorModel.assign(pick(tensors, 'anchor/'));
      optimizer.load({ step: state.adamStep, m: pick(tensors, 'adam.m/'), v: pick(tensors, 'adam.v/') });
      prior.load(state.prior);
      rng.setState(state.rng);
      step = state.step;
      const weights = pick(tensors, 'best/');
      if (state.bestStep !== undefined && weights.size > 0) best = { score: state.bestScore!, step: state.bestStep, weights };
    }
    const saveCheckpoint = async () => {
      if (!checkpointPath) return;
      const tensors = new Map<string, StoredTensor>([...(await modelTensors(model, 'model/'))]);
      if (anchorModel) for (const [k, v] of await modelTensors(anchorModel, 'anchor/')) tensors.set(k, v);
      const adam = await optimizer.save();
      for (const [name, d] of adam.m) tensors.set(`adam.m/${name}`, { shape: model.params.get(name)!.shape, data: d });
      for (const [name, d] of adam.v) tensors.set(`adam.v/${name}`, { shape: model.params.get(name)!.shape, data: d });
      for (const [name, d] of best?.weights ?? []) tensors.set(`best/${name}`, { shape: model.params.get(name)!.shape, data: d });
      const bestState = best ? { bestScore: best.score, bestStep: best.step } : {};
      writeCheckpoint<AlignState>(checkpointPath, { state: { kind: 'bladerec-align', algorithm, step, rng: rng.getState(), adamStep: adam.step, prior: prior.save(), ...bestState }, tensors });
      await notify(callbacks, 'onCheckpoint', checkpointPath, step);
    };

    const evaluate = () =>
      evaluatePolicy(policy, dataset.splits.valid.slice(0, config.evalExamples), { evaluator, metrics: config.metrics, metricOptions: config.metricOptions, k: config.listLength, items, excludeHistory: excl, samples: config.evalSamples, contextLength: C, seed: mixSeeds(config.seed, 0xe7a1) });

    await notify(callbacks, 'onTrainBegin', { algorithm, totalSteps: config.steps, startStep: step, backend: currentBackend()?.backend ?? tf.getBackend() });
    let validation: PolicyEvaluation | undefined;
    /** Evaluates on the validation split, logs, and with keepBest remembers the weights of a new best. */
    const validate = async () => {
      validation = await evaluate();
      const record = evalRecord(step, validation);
      if (config.keepBest) {
        const score = validation.sampled.values[monitor]!;
        if (!best || score > best.score) best = { score, step, weights: await model.values() };
        record['eval/best_step'] = best.step;
      }
      await notify(callbacks, 'onLog', record);
    };
    if (step === 0) await validate();
    const epochOrder = (epoch: number) => new Random(mixSeeds(config.seed, epoch + 1)).shuffle(Array.from({ length: examples.length }, (_, i) => i));

    while (step < config.steps) {
      const t0 = performance.now();
      // contexts of this step: a deterministic pass over the shuffled split
      const keys = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const position = step * B + b;
        keys[b] = epochOrder(Math.floor(position / examples.length))[position % examples.length]!;
      }
      const stepExamples = Array.from(keys, (k) => examples[k]!);
      const contexts = historiesOf(stepExamples, C);
      sampler.setState(mixSeeds(config.seed, step + 1));

      let record: Record<string, number>;
      let lossFn: () => tf.Scalar;
      if (algorithm === 'bonbon') {
        ({ record, lossFn } = this.bonbonStep(policy, cache, keys, contexts, config, excl));
      } else {
        try {
          ({ record, lossFn } = await this.rolloutStep({
            policy, reference, anchor, contexts, stepExamples, keys, cache, prior, evidence, target, objective, items, sampler, N, K, excl, klCoef, mode, termWeights,
          }));
        } catch (error) {
          if (!(error instanceof MetricValueError)) throw error;
          await saveCheckpoint(); // the state before this step: nothing of it was applied
          const saved = checkpointPath ? `the last good state (step ${step}) is saved in ${checkpointPath}` : 'nothing saved';
          throw new BladeUserError(`${error.reason}; alignment stopped at step ${step + 1}, ${saved}`, {}, { cause: error });
        }
      }
      const { value, grads } = tf.variableGrads(lossFn, model.variables());
      const loss = (await value.data())[0]!;
      value.dispose();
      const named: Record<string, tf.Tensor> = {};
      for (const [name, v] of model.params) if (grads[v.name]) named[name] = grads[v.name]!;
      const clipped = clipByGlobalNorm(named, config.gradClip);
      if (!Number.isFinite(loss) || !Number.isFinite(clipped.norm)) {
        tf.dispose([...Object.values(grads).filter((g) => g), ...Object.values(clipped.grads)]);
        await saveCheckpoint();
        throw new BladeUserError(`non-finite ${Number.isFinite(loss) ? 'gradient norm' : 'loss'} at alignment step ${step + 1}; ` + (checkpointPath ? `the last good state (step ${step}) is saved in ${checkpointPath}` : 'nothing saved') + '. Lower align.learningRate.');
      }
      const lr = learningRateAt(step, config.learningRate, config.warmupSteps, config.steps, config.schedule);
      optimizer.apply(clipped.grads, lr);
      tf.dispose([...Object.values(grads).filter((g) => g), ...Object.values(clipped.grads)]);
      if (anchorModel) emaUpdate(anchorModel, model, config.anchorEma);
      step++;
      await notify(callbacks, 'onStepEnd', step, config.steps);
      if (step % config.logEvery === 0 || step === config.steps) {
        await notify(callbacks, 'onLog', { step, ...record, 'train/loss': loss, 'train/grad_norm': clipped.norm, 'train/learning_rate': lr, 'time/step_ms': performance.now() - t0 });
      }
      if (step % config.evalEvery === 0 || step === config.steps) await validate();
      if (step % config.checkpointEvery === 0 || step === config.steps) await saveCheckpoint();
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
    await notify(callbacks, 'onTrainEnd', { steps: step, best_step: bestStep, ...(validation ? evalRecord(bestStep, validation) : {}) } as LogRecord);
    return { policy, reference, steps: step, validation, bestStep };
  }

  /** Samples, scores and transforms one batch of groups and returns the loss closure and the step's log record. */
  private async rolloutStep(s: {
    policy: TransformerPolicy; reference: TransformerPolicy; anchor?: TransformerPolicy; contexts: Csr; stepExamples: SequenceExample[]; keys: Int32Array;
    cache: ReferenceCache; prior: PriorStore; evidence: ReturnType<AlignmentComponents['evidenceEstimators']['create']>; target: ReturnType<AlignmentComponents['targetEstimators']['create']>;
    objective: ComposedObjective; items: ReturnType<TrainingData['dataset']['catalog']['itemSide']>; sampler: Random; N: number; K: number; excl: boolean; klCoef: number; mode: 'per-term' | 'sum'; termWeights: number[];
  }): Promise<{ record: Record<string, number>; lossFn: () => tf.Scalar }> {
    const { config } = this.options;
    const { policy, contexts, stepExamples, keys, N, K, excl, objective, items } = s;
    const B = keys.length;
    const rows = TransformerPolicy.repeatRows(B, N);
    const sampled = await policy.sample(contexts, { n: N, length: K, random: s.sampler, excludeHistory: excl });
    const rewards = scoreRollouts(objective, stepExamples, rows, sampled.lists, items);

    // J-BOND: the anchor's samples are this step's prior and its best one the forward sample
    let anchorPrior: ((g: number) => EmpiricalPrior) | undefined;
    let forwardLists: ListBatch | undefined;
    if (config.forward === 'anchor-best' || config.algorithm === 'jbond') {
      if (!s.anchor) throw new BladeUserError("align.forward 'anchor-best' needs the jbond algorithm's anchor");
      const A = config.anchorSamples;
      const anchorSampled = await s.anchor.sample(contexts, { n: A, length: K, random: s.sampler, excludeHistory: excl });
      const anchorRewards = scoreRollouts(objective, stepExamples, TransformerPolicy.repeatRows(B, A), anchorSampled.lists, items);
      anchorPrior = (g) => new EmpiricalPrior(anchorRewards.total.slice(g * A, (g + 1) * A), new Float64Array(A).fill(1 / A));
      forwardLists = bestPerGroup(anchorSampled.lists, anchorRewards.total, A);
    } else if (config.forward === 'reference-best' && config.jeffreys < 1) {
      const refSampled = await s.reference.sample(contexts, { n: N, length: K, random: s.sampler, excludeHistory: excl });
      forwardLists = bestPerGroup(refSampled.lists, scoreRollouts(objective, stepExamples, rows, refSampled.lists, items).total, N);
    }

    const targets = batchTargets({ n: N, contextKeys: keys, termRewards: rewards.terms, termWeights: s.termWeights, total: rewards.total, mode: s.mode, components: { prior: s.prior, evidence: s.evidence, target: s.target }, bonN: N, priorOf: anchorPrior });
    const diagnostics = stepDiagnostics({ n: N, total: rewards.total, reward: targets.reward, logWeight: targets.logWeight, cdf: targets.cdf, referenceTotals: Array.from(keys, (k) => s.cache.totals[k]!) });
    refreshPriors(s.prior, N, keys, rewards.terms, rewards.total, s.mode);

    // per-rollout coefficients of log π: forward (weighted NLL) and backward (policy gradient)
    const adv = advantages(targets.reward, N, config.advantage);
    const q = groupSoftmax(targets.logWeight, N);
    const coef = new Float32Array(B * N);
    let skipped = 0;
    for (let g = 0; g < B; g++) {
      let tied = true;
      for (let i = 1; i < N; i++) if (rewards.total[g * N + i] !== rewards.total[g * N]) tied = false;
      if (tied && config.skipTiedGroups) {
        skipped++;
        continue;
      }
      for (let i = 0; i < N; i++) {
        const k = g * N + i;
        const fwd = config.forward === 'policy-weighted' ? -(1 - config.jeffreys) * q[k]! : 0;
        coef[k] = (fwd - (config.jeffreys * adv[k]!) / N) / B;
      }
    }
    const klModel = config.klTo === 'anchor' && s.anchor ? s.anchor : s.reference;
    const refTokens = s.klCoef > 0 ? await klModel.tokenLogProbs(contexts, sampled.lists, rows, excl) : undefined;
    const fwdRows = Int32Array.from({ length: B }, (_, i) => i);
    const lossFn = () => {
      const lp = policy.listLogProbs(contexts, sampled.lists, rows, excl);
      let loss = tf.sum(tf.mul(lp.total, tf.tensor1d(coef)));
      if (forwardLists) loss = tf.add(loss, tf.mul(tf.mean(policy.listLogProbs(contexts, forwardLists, fwdRows, excl).total), -(1 - config.jeffreys)));
      if (refTokens) {
        const lr = tf.sub(tf.tensor2d(refTokens, [B * N, K]), lp.tokens);
        const k3 = tf.sub(tf.sub(tf.exp(lr), lr), 1);
        loss = tf.add(loss, tf.mul(tf.mean(tf.sum(k3, 1)), s.klCoef));
      }
      return loss as tf.Scalar;
    };

    const record: Record<string, number> = {
      'reward/total/mean': mean(rewards.total),
      ...Object.fromEntries(objective.terms.map((t, i) => [`reward/${t.name}/mean`, mean(rewards.raw[i]!)])),
      'blade/saturation_static': diagnostics.staticSaturation,
      'blade/saturation_target': diagnostics.targetSaturation,
      'blade/zero_signal_groups': diagnostics.zeroSignalGroups,
      'blade/indiscrimination': diagnostics.indiscrimination,
      'blade/mean_abs_advantage': diagnostics.meanAbsAdvantage,
      'blade/ess_ratio': diagnostics.essRatio,
      'blade/ceiling_ratio': diagnostics.ceilingRatio,
      'groups/all_tied': diagnostics.tiedGroups,
      'groups/skipped': skipped / B,
      'kl/reference': refTokens ? klEstimate(refTokens, sampled.tokenLogProbs, K) : 0,
    };
    return { record, lossFn };
  }

  /** BoNBoN: SFT on the best and IPO on (best, worst) of `bonbonN` cached reference rollouts per context. */
  private bonbonStep(policy: TransformerPolicy, cache: ReferenceCache, keys: Int32Array, contexts: Csr, config: AlignConfig, excl: boolean): { record: Record<string, number>; lossFn: () => tf.Scalar } {
    const B = keys.length;
    const K = config.listLength;
    const n = config.bonbonN;
    const pairs = new Int32Array(2 * B * K);
    const refLp = new Float32Array(2 * B);
    let gap = 0;
    keys.forEach((key, b) => {
      const totals = cache.totals[key]!.subarray(0, n);
      let best = 0;
      let worst = 0;
      for (let i = 1; i < n; i++) {
        if (totals[i]! > totals[best]!) best = i;
        if (totals[i]! < totals[worst]!) worst = i;
      }
      gap += totals[best]! - totals[worst]!;
      pairs.set(cache.lists[key]!.subarray(best * K, (best + 1) * K), 2 * b * K);
      pairs.set(cache.lists[key]!.subarray(worst * K, (worst + 1) * K), (2 * b + 1) * K);
      refLp[2 * b] = cache.logProb[key]![best]!;
      refLp[2 * b + 1] = cache.logProb[key]![worst]!;
    });
    const lists: ListBatch = { size: 2 * B, width: K, items: pairs };
    const rows = Int32Array.from({ length: 2 * B }, (_, i) => Math.floor(i / 2));
    const margin = bonbonMargin(n);
    const alpha = config.bonbonAlpha;
    const lossFn = () => {
      const lp = tf.reshape(policy.listLogProbs(contexts, lists, rows, excl).total, [B, 2]);
      const [best, worst] = tf.split(lp, 2, 1) as [tf.Tensor, tf.Tensor];
      const [refBest, refWorst] = tf.split(tf.tensor2d(refLp, [B, 2]), 2, 1) as [tf.Tensor, tf.Tensor];
      const delta = tf.sub(tf.sub(best, worst), tf.sub(refBest, refWorst));
      const ipo = tf.mean(tf.square(tf.sub(delta, margin)));
      return tf.add(tf.mul(tf.neg(tf.mean(best)), alpha), tf.mul(ipo, 1 - alpha)) as tf.Scalar;
    };
    return { record: { 'bonbon/best_worst_gap': gap / B, 'bonbon/margin': margin }, lossFn };
  }

  /** Samples and scores M reference lists for every context (and keeps their log-probabilities). */
  private async referenceCache(reference: TransformerPolicy, examples: readonly SequenceExample[], M: number, K: number, excl: boolean, objective: ComposedObjective, items: ReturnType<TrainingData['dataset']['catalog']['itemSide']>): Promise<ReferenceCache> {
    const { config } = this.options;
    const cache: ReferenceCache = { terms: [], totals: [], lists: [], logProb: [] };
    const chunk = Math.max(1, Math.floor(2048 / M));
    const random = new Random(mixSeeds(config.seed, 0xcace));
    for (let start = 0; start < examples.length; start += chunk) {
      const part = examples.slice(start, start + chunk);
      const contexts = historiesOf(part, reference.model.config.context);
      const sampled = await reference.sample(contexts, { n: M, length: K, random, excludeHistory: excl });
      const scored: RolloutRewards = scoreRollouts(objective, part, TransformerPolicy.repeatRows(part.length, M), sampled.lists, items);
      for (let c = 0; c < part.length; c++) {
        cache.terms.push(scored.terms.map((t) => t.slice(c * M, (c + 1) * M)));
        cache.totals.push(scored.total.slice(c * M, (c + 1) * M));
        cache.lists.push(sampled.lists.items.slice(c * M * K, (c + 1) * M * K));
        cache.logProb.push(sampled.logProb.slice(c * M, (c + 1) * M));
      }
    }
    return cache;
  }
}

/** Cached reference rollouts per context. */
interface ReferenceCache {
  terms: Float64Array[][];
  totals: Float64Array[];
  lists: Int32Array[];
  logProb: Float64Array[];
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

/** k3 estimate of KL(π‖π_ref) per list: mean over lists of Σ_t (e^{lr} − lr − 1), lr = log π_ref − log π. */
function klEstimate(refTokens: Float32Array, tokens: Float32Array, K: number): number {
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const lr = refTokens[i]! - tokens[i]!;
    s += Math.exp(lr) - lr - 1;
  }
  return s / (tokens.length / K);
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

function pick(tensors: ReadonlyMap<string, StoredTensor>, prefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of tensors) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), t.data);
  return out;
}

