import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csrFromArrays, type SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { fc } from '@fast-check/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CountPrior,
  loadModel,
  saveModel,
  selectBackend,
  SftTrainer,
  tf,
  Transformer,
  type TransformerConfig,
  TransformerPolicy,
} from '../src/internal.js';
import { TransitionRecommender } from '../src/baselines/transition-recommender.js';
import { KernelPool } from '../src/kernels/kernel-pool.js';
import { VocabKernel } from '../src/kernels/vocab-kernel.js';
import { vocabReference } from '../src/kernels/vocab-reference.js';
import { composedVocabLogProbs, type SparseLogits, vocabLogProbs } from '../src/model/ops/vocab-log-probs.js';
import { nextItemLoss } from '../src/sft/next-item-loss.js';
import { policyAndTransitionLists } from './prior-fixtures.js';
import { AlignmentTrainer } from '../src/align/alignment-trainer.js';
import { alignConfig, alignContainer, alignData } from './align-fixtures.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

/**
 * The count-based transition prior (`model.countPrior`): its smoothing formula and leave-one-out
 * against hand-computed values, the fused vocabulary op with the prior's sparse entries against the
 * composed ops and the float64 definition, the gradient of γ against finite differences, the model
 * file round trip, and a prior-only model (transformer output zeroed) ranking exactly like the
 * transition baseline.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});
const pools: KernelPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.dispose()));
});
afterEach(() => {
  delete process.env['BLADE_FUSED_KERNELS'];
});

const ex = (items: number[]): SequenceExample => ({
  history: Int32Array.from(items.slice(0, -1)),
  targets: Int32Array.from(items.slice(-1)),
});

describe('CountPrior', () => {
  // V = 4; sequences 0 1 2 and 0 1 3 1: transitions 0→1 ×2, 1→2, 1→3, 3→1; occurrences n = [2, 3, 1, 1]
  const prior = CountPrior.fromExamples(4, [ex([0, 1, 2]), ex([0, 1, 3, 1])], 2);

  it('counts like the transition baseline and smooths toward add-one popularity (hand-computed)', () => {
    expect(prior.count(0, 1)).toBe(2);
    expect(prior.count(1, 3)).toBe(1);
    expect(prior.count(2, 0)).toBe(0);
    expect(prior.rowTotal(1)).toBe(2);
    // p_pop = (n + 1) / (N + V) = [3, 4, 2, 2] / 11; λ = 2
    const pop = [3 / 11, 4 / 11, 2 / 11, 2 / 11];
    expect(prior.logProb(1, 0)).toBeCloseTo(Math.log((2 + 2 * pop[1]!) / (2 + 2)), 12);
    expect(prior.logProb(2, 0)).toBeCloseTo(Math.log((2 * pop[2]!) / 4), 12);
    expect(prior.logProb(3, 1)).toBeCloseTo(Math.log((1 + 2 * pop[3]!) / (2 + 2)), 12);
    // an item never seen as a predecessor backs off to popularity; no last item = popularity
    expect(prior.logProb(0, 2)).toBeCloseTo(Math.log(pop[0]!), 12);
    expect(prior.logProb(0, -1)).toBeCloseTo(Math.log(pop[0]!), 12);
    // p̂(· | j) sums to 1
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 4; i++) s += Math.exp(prior.logProb(i, j));
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it('splits log p̂ into the item vector, the sparse follower terms and a per-row constant', () => {
    const { offsets, items, values } = prior.corrections({ last: Int32Array.from([1, -1, 2]) });
    expect(Array.from(offsets)).toEqual([0, 2, 2, 2]);
    expect(Array.from(items)).toEqual([2, 3]);
    for (const [k, i] of [2, 3].entries()) {
      const full = prior.base[i]! + values[k]! - Math.log(prior.rowTotal(1) + prior.smoothing);
      expect(full).toBeCloseTo(prior.logProb(i, 1), 6);
    }
    expect(prior.base[0]! - Math.log(0 + prior.smoothing)).toBeCloseTo(prior.logProb(0, 2), 6);
  });

  it("leaves a training row's own transition out (c(j,y) − 1; entries that reach 0 are dropped)", () => {
    const rows = { last: Int32Array.from([0, 1, 1]), leaveOut: Int32Array.from([1, 2, 0]) };
    const c = prior.corrections(rows);
    // row 0: 0→1 counted twice, once left out
    expect(Array.from(c.items.subarray(c.offsets[0]!, c.offsets[1]!))).toEqual([1]);
    expect(c.values[c.offsets[0]!]).toBeCloseTo(Math.log1p(1 / (2 * (4 / 11))), 6);
    // row 1: 1→2 counted once: dropped; row 2: target 0 never follows 1, nothing removed
    expect(Array.from(c.items.subarray(c.offsets[1]!, c.offsets[2]!))).toEqual([3]);
    expect(Array.from(c.items.subarray(c.offsets[2]!, c.offsets[3]!))).toEqual([2, 3]);
    expect(prior.logProb(1, 0, 1)).toBeCloseTo(Math.log((1 + 2 * (4 / 11)) / (1 + 2)), 12);
  });

  it('round-trips through its stored tables', () => {
    const back = CountPrior.fromTensors(2, prior.tensors())!;
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) expect(back.logProb(i, j)).toBe(prior.logProb(i, j));
  });
});

/** Random h, E, b, targets, sparse entries (some rows none) and bans (never the target). */
const caseArb = fc
  .record({
    P: fc.integer({ min: 1, max: 9 }),
    d: fc.integer({ min: 1, max: 12 }),
    V: fc.integer({ min: 2, max: 40 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ P, d, V, seed }) => {
    const rng = new Random(seed);
    const h = Float32Array.from({ length: P * d }, () => rng.normal());
    const E = Float32Array.from({ length: V * d }, () => rng.normal());
    const b = Float32Array.from({ length: V }, () => rng.normal());
    const targets = Int32Array.from({ length: P }, () => rng.nextInt(V));
    const dy = Float32Array.from({ length: P }, () => rng.normal());
    const sOff = new Int32Array(P + 1);
    const sItems: number[] = [];
    const sValues: number[] = [];
    const bOff = new Int32Array(P + 1);
    const bItems: number[] = [];
    for (let r = 0; r < P; r++) {
      for (let v = 0; v < V; v++) {
        const u = rng.nextFloat();
        if (u < 0.3) {
          sItems.push(v);
          sValues.push(rng.nextFloat() * 6);
        }
        if (v !== targets[r] && u > 0.85) bItems.push(v);
      }
      sOff[r + 1] = sItems.length;
      bOff[r + 1] = bItems.length;
    }
    if (sItems.length === 0) {
      // at least one entry (the composed ops have no gradient path to an empty value vector)
      sItems.push(0);
      sValues.push(2);
      sOff[P] = 1;
    }
    return {
      P,
      d,
      V,
      h,
      E,
      b,
      targets,
      dy,
      sparse: { offsets: sOff, items: Int32Array.from(sItems), values: Float32Array.from(sValues) },
      banned: { offsets: bOff, items: Int32Array.from(bItems) },
    };
  });

describe('fused vocabulary op with sparse additive logits', () => {
  it('equals its float64 definition (entries with values in the ban table)', () => {
    const pool = new KernelPool(2);
    pools.push(pool);
    const kernel = new VocabKernel(pool, false);
    fc.assert(
      fc.property(caseArb, (c) => {
        const table = { offsets: c.sparse.offsets, items: c.sparse.items, values: c.sparse.values };
        const shape = { P: c.P, d: c.d, V: c.V };
        const ref = vocabReference(shape, c.h, c.E, c.b, c.targets, table, c.dy);
        const f = kernel.forward(shape, c.h, c.E, c.b, c.targets, table);
        const g = kernel.backward(shape, c.h, c.E, c.b, c.targets, table, f, c.dy);
        for (let r = 0; r < c.P; r++) {
          expect(Math.abs(f.logp[r]! - ref.logp[r]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref.logp[r]!)));
        }
        for (let i = 0; i < g.db.length; i++) expect(Math.abs(g.db[i]! - ref.db[i]!)).toBeLessThan(1e-4);
      }),
      { numRuns: 30 },
    );
  });

  it('equals the composed tfjs ops: values and gradients in h, E, b and the sparse values, with bans', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const h = tf.tensor2d(c.h, [c.P, c.d]);
        const E = tf.tensor2d(c.E, [c.V, c.d]);
        const b = tf.tensor1d(c.b);
        const a = tf.tensor1d(c.sparse.values);
        const dy = tf.tensor1d(c.dy);
        const run = (op: typeof vocabLogProbs) => {
          const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor, w: tf.Tensor) => {
            const sparse: SparseLogits = { offsets: c.sparse.offsets, items: c.sparse.items, values: w as tf.Tensor1D };
            return op(x as tf.Tensor2D, y as tf.Tensor2D, z as tf.Tensor1D, c.targets, c.banned, sparse);
          };
          const value = f(h, E, b, a);
          const weighted = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor, w: tf.Tensor) =>
            tf.sum(tf.mul(f(x, y, z, w), dy));
          const grads = tf.grads(weighted)([h, E, b, a]);
          return [value, ...grads].map((t) => Array.from(t.dataSync()));
        };
        const fused = run(vocabLogProbs);
        const composed = run(composedVocabLogProbs);
        tf.dispose([h, E, b, a, dy]);
        fused.forEach((got, k) => {
          const want = composed[k]!;
          const scale = Math.max(1, ...want.map(Math.abs));
          got.forEach((x, i) => expect(Math.abs(x - want[i]!) / scale, `output ${k}, entry ${i}`).toBeLessThan(1e-4));
        });
      }),
      { numRuns: 30 },
    );
  });
});

const priorConfig = (smoothing: number): TransformerConfig => ({
  ...tinyModelConfig,
  dropout: 0,
  countPrior: { smoothing },
});

/** Random training sequences over V items (first-order structure: the next item is often last + 1). */
function sequences(V: number, n: number, seed: number): SequenceExample[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const len = 2 + rng.nextInt(6);
    const items = [rng.nextInt(V)];
    while (items.length < len) items.push(rng.nextFloat() < 0.6 ? (items.at(-1)! + 1) % V : rng.nextInt(V));
    return ex(items);
  });
}

describe('the policy with a count prior', () => {
  const V = 23;
  const train = sequences(V, 60, 5);

  it('learns γ with the right gradient (finite differences of the leave-one-out SFT loss)', () => {
    const prior = CountPrior.fromExamples(V, train, 0.5);
    const model = Transformer.create(priorConfig(0.5), V, new Random(3), undefined, prior);
    const batch = { batch: 2, length: 6, tokens: Int32Array.from([-1, 3, 4, 5, 9, 10, 1, 2, 3, 4, 5, 6]) };
    const positions = Int32Array.from([2, 3, 4, 8, 9, 10]);
    const labels = Int32Array.from([5, 9, 10, 4, 5, 6]);
    const rows = { last: Int32Array.from(positions, (p) => batch.tokens[p]!), leaveOut: labels };
    const gamma = model.params.get('prior.gamma')!;
    for (const labelSmoothing of [0, 0.1]) {
      const loss = () =>
        tf.tidy(() => {
          const h = tf.gather(model.hidden(batch, undefined, true), tf.tensor1d(positions, 'int32')) as tf.Tensor2D;
          return nextItemLoss(model, h, labels, { loss: 'softmax', labelSmoothing }, undefined, rows);
        });
      const { grads } = tf.variableGrads(loss, [gamma]);
      const g = grads[gamma.name]!.dataSync()[0]!;
      tf.dispose(Object.values(grads));
      const at = (x: number) => {
        gamma.assign(tf.tensor1d([x]));
        const l = loss();
        const v = l.dataSync()[0]!;
        l.dispose();
        return v;
      };
      const eps = 1e-2;
      const numeric = (at(1 + eps) - at(1 - eps)) / (2 * eps);
      gamma.assign(tf.tensor1d([1]));
      const tolerance = 2e-3 * Math.max(1, Math.abs(numeric));
      expect(Math.abs(g - numeric), `ε = ${labelSmoothing}: ${g} vs ${numeric}`).toBeLessThan(tolerance);
      expect(Math.abs(g)).toBeGreaterThan(1e-4);
    }
    model.dispose();
  });

  it('with the transformer output zeroed, ranks exactly like the transition baseline (fused, composed)', async () => {
    const prior = CountPrior.fromExamples(V, train, 1);
    const model = Transformer.create(priorConfig(1), V, new Random(8), undefined, prior);
    model.params.get('items.embedding')!.assign(tf.zeros([V, tinyModelConfig.dModel]));
    model.params.get('items.bias')!.assign(tf.zeros([V]));
    const policy = new TransformerPolicy(model);
    const baseline = new TransitionRecommender(V, train);
    const histories = Array.from({ length: 30 }, (_, i) =>
      train[i]!.history.length > 0 ? [...train[i]!.history] : [],
    );
    histories.push([], [22], [7, 7]);
    const contexts = csrFromArrays(histories);
    for (const excludeHistory of [false, true]) {
      const want = await baseline.recommend(contexts, 10, { excludeHistory });
      const fused = await policy.decode(contexts, { length: 10, excludeHistory });
      process.env['BLADE_FUSED_KERNELS'] = '0';
      const composed = await policy.decode(contexts, { length: 10, excludeHistory });
      delete process.env['BLADE_FUSED_KERNELS'];
      expect(Array.from(fused.items)).toEqual(Array.from(want.items));
      expect(Array.from(composed.items)).toEqual(Array.from(want.items));
    }
    policy.dispose();
  });

  it("starts exactly as the transition model: a fresh policy decodes the baseline's lists", async () => {
    const prior = CountPrior.fromExamples(V, train, 0.5);
    const model = Transformer.create(priorConfig(0.5), V, new Random(12), undefined, prior);
    expect(Array.from(model.params.get('final.ln.gamma')!.dataSync())).toEqual(new Array(16).fill(0));
    const { policy, transition } = await policyAndTransitionLists(model, V, train);
    expect(policy).toEqual(transition);
  });

  it('scores sampled lists the same on the fused and the composed path', async () => {
    const prior = CountPrior.fromExamples(V, train, 0.3);
    const policy = new TransformerPolicy(Transformer.create(priorConfig(0.3), V, new Random(9), undefined, prior));
    const contexts = csrFromArrays([[1, 2], [5], [], [8, 9, 10]]);
    const s = await policy.sample(contexts, { n: 3, length: 5, random: new Random(4), excludeHistory: true });
    const rows = TransformerPolicy.repeatRows(4, 3);
    process.env['BLADE_FUSED_KERNELS'] = '0';
    const composed = await policy.logProb(contexts, s.lists, { rows, excludeHistory: true });
    delete process.env['BLADE_FUSED_KERNELS'];
    for (let r = 0; r < s.lists.size; r++) {
      expect(Math.abs(composed[r]! - s.logProb[r]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(composed[r]!)));
    }
    policy.dispose();
  });

  it('is trained by SFT, saved with its count tables and loaded with them (same lists, same γ)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'count-prior-'));
    try {
      const dataset = tinyDataset();
      const result = await new SftTrainer({
        config: tinySftConfig({ steps: 4, evalEvery: 2 }),
        model: priorConfig(1),
        dataset,
        evaluator: evaluator(),
        runDir: dir,
      }).train();
      const trained = result.policy.model;
      expect(trained.prior).toBeDefined();
      const { model } = loadModel(join(dir, 'model.bct'));
      expect(model.prior).toBeDefined();
      expect(Array.from(model.prior!.counts)).toEqual(Array.from(trained.prior!.counts));
      expect(model.params.get('prior.gamma')!.dataSync()[0]).toBe(trained.params.get('prior.gamma')!.dataSync()[0]);
      const contexts = csrFromArrays(dataset.splits.valid.slice(0, 20).map((e) => Array.from(e.history)));
      const a = await result.policy.decode(contexts, { length: 10 });
      const b = await new TransformerPolicy(model).decode(contexts, { length: 10 });
      expect(Array.from(b.items)).toEqual(Array.from(a.items));
      // a model file whose config asks for the prior but which has no tables is refused
      const bare = new Map(await trained.values());
      expect(() => new Transformer(trained.config, trained.numItems, bare)).toThrow(/no count tables/);
      await saveModel(join(dir, 'again.bct'), model);
      expect(loadModel(join(dir, 'again.bct')).model.prior!.rowTotal(0)).toBe(trained.prior!.rowTotal(0));
      result.policy.dispose();
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('alignment from a policy with a count prior', () => {
  it('policy, reference and anchor share the tables: KL 0 before the first update; saved with them', async () => {
    const data = alignData();
    const { evaluator, objectives, components } = alignContainer();
    const dir = mkdtempSync(join(tmpdir(), 'count-prior-align-'));
    try {
      const sft = await new SftTrainer({
        config: tinySftConfig({ steps: 6, evalEvery: 6 }),
        model: priorConfig(1),
        dataset: data.dataset,
        train: data.sftTrain,
        evaluator,
      }).train();
      const records: Record<string, unknown>[] = [];
      await new AlignmentTrainer({
        config: alignConfig('blade', { steps: 2, anchor: { ema: 0.5 } }),
        objective: objectives.create({ terms: ['ndcg@5'] }),
        data,
        init: sft.policy.model,
        evaluator,
        components,
        runDir: dir,
        callbacks: [{ onLog: (r) => void records.push(r) }],
      }).train();
      const kl = records.filter((r) => 'kl/reference' in r).map((r) => r['kl/reference'] as number);
      expect(kl.length).toBe(2);
      expect(Math.abs(kl[0]!)).toBeLessThan(1e-6);
      const { model } = loadModel(join(dir, 'model.bct'));
      expect(Array.from(model.prior!.counts)).toEqual(Array.from(sft.policy.model.prior!.counts));
      model.dispose();
      sft.policy.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('sft.evalAtStart', () => {
  it('evaluates the initial policy (the smoothed transition model) as step 0, a best-step candidate', async () => {
    const dataset = tinyDataset();
    const records: Record<string, number>[] = [];
    const result = await new SftTrainer({
      config: tinySftConfig({ steps: 2, evalEvery: 2, evalAtStart: true, learningRate: 0.5, patience: 1 }),
      model: priorConfig(1),
      dataset,
      evaluator: evaluator(),
      callbacks: [{ onLog: (r) => void records.push(r as Record<string, number>) }],
    }).train();
    const evals = records.filter((r) => 'eval/ndcg@10' in r);
    expect(evals.map((r) => r.step)).toEqual([0, 2]);
    const best = evals[0]!['eval/ndcg@10']! >= evals[1]!['eval/ndcg@10']! ? 0 : 2;
    expect(result.bestStep).toBe(best);
    expect(result.best!.values['ndcg@10']).toBeCloseTo(Math.max(...evals.map((r) => r['eval/ndcg@10']!)), 10);
    result.policy.dispose();
  });
});

describe('sweeping the prior', () => {
  it('a null grid value removes the key, so one grid compares the prior off and on', async () => {
    const { applyPoint, gridPoints } = await import('../src/sweep/sweep-grid.js');
    const base = { model: { layers: 1, countPrior: { smoothing: 3 } }, sft: { epochs: 2 } };
    const points = gridPoints({ 'model.countPrior': [null, { smoothing: 1 }] });
    expect(points.map((p) => p.name)).toEqual(['model.countPrior=null', 'model.countPrior=__smoothing__1_']);
    expect(applyPoint(base, points[0]!.assignment)).toEqual({ model: { layers: 1 }, sft: { epochs: 2 } });
    const on = { model: { layers: 1, countPrior: { smoothing: 1 } }, sft: { epochs: 2 } };
    expect(applyPoint(base, points[1]!.assignment)).toEqual(on);
    expect(base.model.countPrior).toEqual({ smoothing: 3 });
  });
});
