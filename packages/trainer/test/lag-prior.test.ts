import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csrFromArrays, type SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CountPrior,
  earlierTokens,
  historyTokens,
  lagCorrections,
  loadModel,
  selectBackend,
  SftTrainer,
  tf,
  Transformer,
  type TransformerConfig,
  TransformerPolicy,
} from '../src/internal.js';
import { nextItemLoss } from '../src/sft/next-item-loss.js';
import { policyAndTransitionLists } from './prior-fixtures.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

/**
 * The lag priors (`model.countPrior.lags`): lag-ℓ counts and leave-one-out against hand-computed
 * values, the logits `Σ_ℓ γ_ℓ log p̂_ℓ(i | item ℓ back)` against their float64 definition on the fused
 * and the composed path, the gradient of the lag weights against finite differences, a fresh model
 * decoding the transition baseline's lists, and the model file round trip; the same for the repeat term
 * (`countPrior.repeat`: ω·[i ∈ history]).
 */
beforeAll(async () => {
  await selectBackend('wasm');
});
afterEach(() => {
  delete process.env['BLADE_FUSED_KERNELS'];
});

const ex = (items: number[]): SequenceExample => ({
  history: Int32Array.from(items.slice(0, -1)),
  targets: Int32Array.from(items.slice(-1)),
});
const lagConfig = (smoothing: number, lags: number): TransformerConfig => ({
  ...tinyModelConfig,
  dropout: 0,
  countPrior: { smoothing, lags },
});

/** Random training sequences over V items (the next item is often last + 1, the one after often last + 3). */
function sequences(V: number, n: number, seed: number): SequenceExample[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const len = 3 + rng.nextInt(6);
    const items = [rng.nextInt(V), rng.nextInt(V)];
    while (items.length < len) {
      const u = rng.nextFloat();
      items.push(u < 0.4 ? (items.at(-1)! + 1) % V : u < 0.7 ? (items.at(-2)! + 3) % V : rng.nextInt(V));
    }
    return ex(items);
  });
}

/** `Σ_ℓ γ_ℓ log p̂_ℓ(i | j_ℓ)` for every item i (float64, the readable definition). */
function lagScores(priors: CountPrior[], gammas: number[], lagItems: number[], V: number, leaveOut = -1): number[] {
  return Array.from({ length: V }, (_, i) =>
    priors.reduce((s, p, l) => s + gammas[l]! * p.logProb(i, lagItems[l] ?? -1, leaveOut), 0),
  );
}

const logSoftmax = (z: number[]): number[] => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, x) => s + Math.exp(x - m), 0));
  return z.map((x) => x - lse);
};

describe('lag priors', () => {
  it("count the pairs (s_t, s_{t+ℓ}) and leave a row's own pair out (hand-computed)", () => {
    // sequences 0 1 2 and 0 1 3 1: lag-2 pairs 0→2, 0→3, 1→1; lag 3: 0→1
    const train = [ex([0, 1, 2]), ex([0, 1, 3, 1])];
    const lag2 = CountPrior.fromExamples(4, train, 2, 2);
    expect(lag2.count(0, 2)).toBe(1);
    expect(lag2.count(0, 3)).toBe(1);
    expect(lag2.count(1, 1)).toBe(1);
    expect(lag2.count(0, 1)).toBe(0);
    expect(lag2.rowTotal(0)).toBe(2);
    expect(CountPrior.fromExamples(4, train, 2, 3).count(0, 1)).toBe(1);
    // p_pop = [3, 4, 2, 2] / 11, λ = 2: p̂_2(2 | 0) = (1 + 2·2/11) / (2 + 2)
    expect(lag2.logProb(2, 0)).toBeCloseTo(Math.log((1 + (2 * 2) / 11) / 4), 12);
    const first = CountPrior.fromExamples(4, train, 2);
    // row: last item 1, item before it 0, target 3 (left out of both lags: 1→3 at lag 1, 0→3 at lag 2)
    const c = lagCorrections([first, lag2], {
      last: Int32Array.from([1]),
      earlier: Int32Array.from([0]),
      leaveOut: Int32Array.from([3]),
    });
    // lag 1 after 1: 2 (count 1), 3 (count 1 − 1 = 0: dropped); lag 2 after 0: 2 (1), 3 (1 − 1: dropped)
    expect(Array.from(c.items)).toEqual([2]);
    expect(c.values[0]![0]).toBeCloseTo(Math.log1p(1 / (2 * (2 / 11))), 6);
    expect(c.values[1]![0]).toBeCloseTo(Math.log1p(1 / (2 * (2 / 11))), 6);
    // without leave-one-out the union of both rows' followers, one entry per item, 0 where absent
    const d = lagCorrections([first, lag2], { last: Int32Array.from([1]), earlier: Int32Array.from([2]) });
    expect(Array.from(d.items)).toEqual([2, 3]);
    expect(Array.from(d.values[1]!)).toEqual([0, 0]);
  });

  it('finds the items 2 … L back in token batches and stops at padding and the row start', () => {
    const batch = { batch: 2, length: 4, tokens: Int32Array.from([-1, 5, 6, 7, 1, 2, 3, 4]) };
    expect(Array.from(earlierTokens(batch, [3, 2, 5, 7], 3)!)).toEqual([6, 5, 5, -1, 1, -1, 3, 2]);
    expect(earlierTokens(batch, [3], 1)).toBeUndefined();
  });

  const V = 23;
  const train = sequences(V, 80, 5);
  const priors = [1, 2, 3].map((l) => CountPrior.fromExamples(V, train, 0.5, l));

  it('gives logits Σ_ℓ γ_ℓ log p̂_ℓ(i | item ℓ back) up to a row constant (fused and composed)', () => {
    const model = Transformer.create(lagConfig(0.5, 3), V, new Random(3), undefined, priors[0], priors.slice(1));
    model.params.get('items.embedding')!.assign(tf.zeros([V, tinyModelConfig.dModel]));
    model.params.get('prior.gamma')!.assign(tf.tensor1d([0.7]));
    model.params.get('prior.lagGamma')!.assign(tf.tensor1d([0.4, -0.25]));
    const gammas = [0.7, 0.4, -0.25];
    // rows: full lags; the lag-3 item missing; no history
    const lagItems = [
      [4, 3, 2],
      [10, 9, -1],
      [-1, -1, -1],
    ];
    const rows = {
      last: Int32Array.from(lagItems, (r) => r[0]!),
      earlier: Int32Array.from(lagItems.flatMap((r) => r.slice(1))),
    };
    const targets = Int32Array.from([5, 11, 0]);
    const hidden = tf.zeros([3, tinyModelConfig.dModel]) as tf.Tensor2D;
    for (const fused of [true, false]) {
      if (!fused) process.env['BLADE_FUSED_KERNELS'] = '0';
      const got = model.targetLogProbs(hidden, targets, undefined, rows).dataSync();
      lagItems.forEach((items, r) => {
        const want = logSoftmax(lagScores(priors, gammas, items, V))[targets[r]!]!;
        expect(Math.abs(got[r]! - want), `row ${r}, fused ${fused}`).toBeLessThan(1e-4);
      });
      delete process.env['BLADE_FUSED_KERNELS'];
    }
    hidden.dispose();
    model.dispose();
  });

  it('learns the lag weights with the right gradient (finite differences of the leave-one-out loss)', () => {
    const model = Transformer.create(lagConfig(0.5, 3), V, new Random(4), undefined, priors[0], priors.slice(1));
    const batch = { batch: 2, length: 6, tokens: Int32Array.from([-1, 3, 4, 5, 9, 10, 1, 2, 3, 4, 5, 6]) };
    const positions = Int32Array.from([2, 3, 4, 8, 9, 10]);
    const labels = Int32Array.from([5, 9, 10, 4, 5, 6]);
    const rows = {
      last: Int32Array.from(positions, (p) => batch.tokens[p]!),
      leaveOut: labels,
      earlier: earlierTokens(batch, positions, 3),
    };
    const lagGamma = model.params.get('prior.lagGamma')!;
    const loss = () =>
      tf.tidy(() => {
        const h = tf.gather(model.hidden(batch, undefined, true), tf.tensor1d(positions, 'int32')) as tf.Tensor2D;
        return nextItemLoss(model, h, labels, { loss: 'softmax', labelSmoothing: 0 }, undefined, rows);
      });
    const { grads } = tf.variableGrads(loss, [lagGamma]);
    const g = Array.from(grads[lagGamma.name]!.dataSync());
    tf.dispose(Object.values(grads));
    const at = (x: number[]) => {
      lagGamma.assign(tf.tensor1d(x));
      const l = loss();
      const v = l.dataSync()[0]!;
      l.dispose();
      return v;
    };
    const point = [0.3, -0.2];
    const eps = 1e-2;
    for (let k = 0; k < 2; k++) {
      const up = [...point];
      const down = [...point];
      up[k]! += eps;
      down[k]! -= eps;
      const numeric = (at(up) - at(down)) / (2 * eps);
      lagGamma.assign(tf.tensor1d(point));
      const { grads: gs } = tf.variableGrads(loss, [lagGamma]);
      const analytic = gs[lagGamma.name]!.dataSync()[k]!;
      tf.dispose(Object.values(gs));
      expect(Math.abs(analytic - numeric), `lag ${k + 2}: ${analytic} vs ${numeric}`).toBeLessThan(
        2e-3 * Math.max(1, Math.abs(numeric)),
      );
      expect(Math.abs(analytic)).toBeGreaterThan(1e-4);
    }
    expect(g.every(Number.isFinite)).toBe(true);
    model.dispose();
  });

  it("starts exactly as the transition model: γ_ℓ>1 = 0, a fresh policy decodes the baseline's lists", async () => {
    const model = Transformer.create(lagConfig(0.5, 3), V, new Random(12), undefined, priors[0], priors.slice(1));
    expect(Array.from(model.params.get('prior.lagGamma')!.dataSync())).toEqual([0, 0]);
    const { policy, transition } = await policyAndTransitionLists(model, V, train);
    expect(policy).toEqual(transition);
  });

  it("is trained by SFT, saved with every lag's tables and loaded with them (same lists, same weights)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lag-prior-'));
    try {
      const dataset = tinyDataset();
      const result = await new SftTrainer({
        config: tinySftConfig({ steps: 4, evalEvery: 2 }),
        model: lagConfig(1, 3),
        dataset,
        evaluator: evaluator(),
        runDir: dir,
      }).train();
      const trained = result.policy.model;
      expect(trained.priorLags).toBe(3);
      const lagGamma = Array.from(trained.params.get('prior.lagGamma')!.dataSync());
      expect(lagGamma.some((x) => x !== 0)).toBe(true);
      const { model } = loadModel(join(dir, 'model.bct'));
      expect(model.lagPriors).toHaveLength(2);
      expect(Array.from(model.lagPriors[1]!.counts)).toEqual(Array.from(trained.lagPriors[1]!.counts));
      expect(Array.from(model.params.get('prior.lagGamma')!.dataSync())).toEqual(lagGamma);
      const contexts = csrFromArrays(dataset.splits.valid.slice(0, 20).map((e) => Array.from(e.history)));
      const a = await result.policy.decode(contexts, { length: 10 });
      const b = await new TransformerPolicy(model).decode(contexts, { length: 10 });
      expect(Array.from(b.items)).toEqual(Array.from(a.items));
      // a model file without the lag tables is refused
      const values = new Map(await trained.values());
      for (const [name, data] of trained.prior!.tensors()) values.set(name, data);
      expect(() => new Transformer(trained.config, trained.numItems, values)).toThrow(/no lag-2 count tables/);
      result.policy.dispose();
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the repeat term', () => {
  const V = 23;
  const train = sequences(V, 80, 6);
  const priors = [1, 2].map((l) => CountPrior.fromExamples(V, train, 0.5, l));
  const repeatConfig = (repeatInit: number, lags = 2): TransformerConfig => ({
    ...tinyModelConfig,
    dropout: 0,
    countPrior: { smoothing: 0.5, lags, repeat: true, repeatInit },
  });

  it("marks each row's history items among the merged entries; a token batch gives each position its row", () => {
    const first = CountPrior.fromExamples(4, [ex([0, 1, 2]), ex([0, 1, 3, 1])], 2);
    const c = lagCorrections(
      [first],
      {
        last: Int32Array.from([0, 1]),
        history: { offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([3, 0, 1]) },
      },
      true,
    );
    // row 0: follower 1 of 0, then history items 3 and 0; row 1: followers 2, 3 of 1, history item 1
    expect(Array.from(c.items)).toEqual([1, 3, 0, 2, 3, 1]);
    expect(Array.from(c.inHistory!)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(c.values[0]![1]).toBe(0);
    expect(c.values[0]![4]).toBeGreaterThan(0);
    expect(() => lagCorrections([first], { last: Int32Array.from([0]) }, true)).toThrow(/history/);
    const batch = { batch: 2, length: 3, tokens: Int32Array.from([-1, 5, 6, 1, 2, 3]) };
    const h = historyTokens(batch, [1, 2, 4]);
    expect(Array.from(h.offsets)).toEqual([0, 1, 3, 5]);
    expect(Array.from(h.items)).toEqual([5, 5, 6, 1, 2]);
  });

  it('adds ω·[i ∈ history] to the logits (fused and composed) and learns ω with the right gradient', () => {
    const model = Transformer.create(repeatConfig(-1.5), V, new Random(3), undefined, priors[0], priors.slice(1));
    model.params.get('items.embedding')!.assign(tf.zeros([V, tinyModelConfig.dModel]));
    model.params.get('prior.lagGamma')!.assign(tf.tensor1d([0.3]));
    const histories = [
      [2, 3, 4],
      [9, 10],
    ];
    const rows = {
      last: Int32Array.from(histories, (h) => h.at(-1)!),
      earlier: Int32Array.from(histories, (h) => h.at(-2)!),
      history: { offsets: Int32Array.from([0, 3, 5]), items: Int32Array.from(histories.flat()) },
    };
    const targets = Int32Array.from([3, 11]);
    const hidden = tf.zeros([2, tinyModelConfig.dModel]) as tf.Tensor2D;
    for (const fused of [true, false]) {
      if (!fused) process.env['BLADE_FUSED_KERNELS'] = '0';
      const got = model.targetLogProbs(hidden, targets, undefined, rows).dataSync();
      histories.forEach((h, r) => {
        const z = lagScores(priors, [1, 0.3], [h.at(-1)!, h.at(-2)!], V).map((x, i) => x + (h.includes(i) ? -1.5 : 0));
        expect(Math.abs(got[r]! - logSoftmax(z)[targets[r]!]!), `row ${r}, fused ${fused}`).toBeLessThan(1e-4);
      });
      delete process.env['BLADE_FUSED_KERNELS'];
    }
    const omega = model.params.get('prior.repeat')!;
    const loss = () =>
      tf.tidy(() => tf.neg(tf.sum(model.targetLogProbs(hidden, targets, undefined, rows))) as tf.Scalar);
    const { grads } = tf.variableGrads(loss, [omega]);
    const g = grads[omega.name]!.dataSync()[0]!;
    tf.dispose(Object.values(grads));
    const at = (x: number) => {
      omega.assign(tf.tensor1d([x]));
      const l = loss();
      const v = l.dataSync()[0]!;
      l.dispose();
      return v;
    };
    const numeric = (at(-1.5 + 1e-2) - at(-1.5 - 1e-2)) / 2e-2;
    expect(Math.abs(g - numeric), `${g} vs ${numeric}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
    expect(Math.abs(g)).toBeGreaterThan(1e-4);
    hidden.dispose();
    model.dispose();
  });

  it("with ω = −20 a fresh policy decodes the transition baseline's lists without history items", async () => {
    const model = Transformer.create(repeatConfig(-20, 1), V, new Random(12), undefined, priors[0], []);
    const { policy, transition } = await policyAndTransitionLists(model, V, train, { policyExcludesHistory: false });
    expect(policy).toEqual(transition);
  });

  it('is trained by SFT (history of each training position), saved and loaded with its weight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'repeat-prior-'));
    try {
      const dataset = tinyDataset();
      const result = await new SftTrainer({
        config: tinySftConfig({ steps: 4, evalEvery: 2 }),
        model: { ...repeatConfig(-2), countPrior: { smoothing: 1, repeat: true, repeatInit: -2 } },
        dataset,
        evaluator: evaluator(),
        runDir: dir,
      }).train();
      const omega = result.policy.model.params.get('prior.repeat')!.dataSync()[0]!;
      expect(omega).not.toBe(-2);
      const { model } = loadModel(join(dir, 'model.bct'));
      expect(model.params.get('prior.repeat')!.dataSync()[0]).toBe(omega);
      const contexts = csrFromArrays(dataset.splits.valid.slice(0, 20).map((e) => Array.from(e.history)));
      const a = await result.policy.decode(contexts, { length: 10 });
      const b = await new TransformerPolicy(model).decode(contexts, { length: 10 });
      expect(Array.from(b.items)).toEqual(Array.from(a.items));
      result.policy.dispose();
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
