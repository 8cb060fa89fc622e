import { fc, test as fcTest } from '@fast-check/vitest';
import { Random } from '@bladerec/data';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type TransformerConfig,
  parameterShapes,
  selectBackend,
  SftTrainer,
  tf,
  Transformer,
  TransformerPolicy,
} from '../src/internal.js';
import { sasrecPreset, trainSasrec } from '../src/baselines/sasrec-baseline.js';
import { nextItemLoss, sampleNegatives } from '../src/sft/next-item-loss.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

/**
 * The SFT model options (FPMC-style transition term) and loss options (label smoothing, SASRec's
 * sampled BCE) against readable definitions, and the SASRec-style baseline.
 */
beforeAll(async () => {
  await selectBackend('cpu');
});

const withTransition = (lags: number): TransformerConfig => ({ ...tinyModelConfig, dropout: 0, transition: lags });
const batch = { batch: 2, length: 4, tokens: Int32Array.from([-1, 3, 1, 4, 0, 2, 2, 5]) };

describe('transition term', () => {
  it('adds no parameters when off, and a table plus one weight per lag when on', () => {
    const names = (c: TransformerConfig) => parameterShapes(c, 7).map(([n]) => n);
    expect(names(tinyModelConfig)).not.toContain('transition.embedding');
    expect(parameterShapes(withTransition(2), 7).slice(-2)).toEqual([
      ['transition.embedding', [7, 16]],
      ['transition.lag', [2]],
    ]);
    // the parameters before it are drawn exactly as without it
    const a = Transformer.create(tinyModelConfig, 7, new Random(4));
    const b = Transformer.create(withTransition(2), 7, new Random(4));
    for (const [name, v] of a.params)
      expect(Array.from(b.params.get(name)!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    a.dispose();
    b.dispose();
  });

  it('equals Σ_l w_l · F(x_{t−l}) added to the hidden state of every position (padding and the past before the window add 0)', async () => {
    const model = Transformer.create(withTransition(2), 7, new Random(5));
    model.params.get('transition.lag')!.assign(tf.tensor1d([0.7, -1.3]));
    const F = (await model.params.get('transition.embedding')!.data()) as Float32Array;
    const full = (await model.hidden(batch, undefined, false).data()) as Float32Array;
    const plain = new Transformer({ ...withTransition(0) }, 7, await model.values());
    const base = (await plain.hidden(batch, undefined, false).data()) as Float32Array;
    const d = 16;
    for (let p = 0; p < 8; p++) {
      const t = p % 4;
      for (let j = 0; j < d; j++) {
        let expected = 0;
        for (const [l, w] of [
          [0, 0.7],
          [1, -1.3],
        ] as const) {
          const token = t - l >= 0 ? batch.tokens[p - l]! : -1;
          if (token >= 0) expected += w * F[token * d + j]!;
        }
        expect(full[p * d + j]! - base[p * d + j]!).toBeCloseTo(expected, 5);
      }
    }
    // the trained path (custom-gradient gather) gives the same values
    const trained = (await model.hidden(batch, undefined, true).data()) as Float32Array;
    for (let i = 0; i < trained.length; i++) expect(trained[i]!).toBeCloseTo(full[i]!, 6);
    model.dispose();
    plain.dispose();
  });

  it('gets gradients only on the rows of the items seen, and reaches the list head', async () => {
    const model = Transformer.create(withTransition(1), 7, new Random(6));
    const table = model.params.get('transition.embedding')!;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.square(model.logits(model.hidden(batch, undefined, true)))) as tf.Scalar,
      [table],
    );
    const g = (await grads[table.name]!.data()) as Float32Array;
    const rowNorm = (i: number) => g.subarray(i * 16, (i + 1) * 16).reduce((s, x) => s + Math.abs(x), 0);
    for (const item of [0, 1, 2, 3, 4, 5]) expect(rowNorm(item), `item ${item}`).toBeGreaterThan(0);
    expect(rowNorm(6)).toBe(0);
    const policy = new TransformerPolicy(model);
    const states = policy.encode({ offsets: Int32Array.from([0, 2]), values: Int32Array.from([1, 4]) });
    const direct = model.contextStates(
      { batch: 1, length: 6, tokens: Int32Array.from([-1, -1, -1, -1, 1, 4]) },
      { train: false },
    );
    expect(Array.from(states.dataSync())).toEqual(Array.from(direct.dataSync()));
    policy.dispose();
  });
});

describe('next-item loss', () => {
  const logitsOf = (model: Transformer, h: tf.Tensor2D) => model.logits(h).arraySync() as number[][];

  it('label smoothing ε: (1 − ε)·CE + ε·(cross-entropy against uniform); ε = 0 is the plain cross-entropy', () => {
    const model = Transformer.create(tinyModelConfig, 9, new Random(7));
    const h = tf.randomNormal([5, 16], 0, 1, 'float32', 3) as tf.Tensor2D;
    const labels = Int32Array.from([0, 3, 8, 3, 1]);
    const z = logitsOf(model, h);
    const expected = (eps: number) => {
      let total = 0;
      z.forEach((row, r) => {
        const lse = Math.log(row.reduce((s, x) => s + Math.exp(x), 0));
        const nll = lse - row[labels[r]!]!;
        const uniform = row.reduce((s, x) => s + (lse - x), 0) / row.length;
        total += (1 - eps) * nll + eps * uniform;
      });
      return total / z.length;
    };
    for (const eps of [0, 0.1, 0.5]) {
      const loss = nextItemLoss(model, h, labels, { loss: 'softmax', labelSmoothing: eps }).dataSync()[0]!;
      expect(loss).toBeCloseTo(expected(eps), 4);
    }
    model.dispose();
  });

  it("sampled BCE: softplus(−s_y) + softplus(s_n), SASRec's loss", () => {
    const model = Transformer.create(tinyModelConfig, 9, new Random(8));
    const h = tf.randomNormal([4, 16], 0, 1, 'float32', 4) as tf.Tensor2D;
    const labels = Int32Array.from([2, 2, 7, 0]);
    const negatives = Int32Array.from([5, 1, 2, 8]);
    const z = logitsOf(model, h);
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    const expected =
      z.reduce((s, row, r) => s + softplus(-row[labels[r]!]!) + softplus(row[negatives[r]!]!), 0) / z.length;
    expect(
      nextItemLoss(model, h, labels, { loss: 'sampled-bce', labelSmoothing: 0 }, negatives).dataSync()[0]!,
    ).toBeCloseTo(expected, 4);
    expect(() => nextItemLoss(model, h, labels, { loss: 'sampled-bce', labelSmoothing: 0 })).toThrow(
      /one negative per label/,
    );
    model.dispose();
  });

  fcTest.prop([fc.array(fc.nat(49), { minLength: 1, maxLength: 200 }), fc.integer({ min: 2, max: 50 }), fc.nat()])(
    'sampled negatives are catalog items other than the label',
    (raw, numItems, seed) => {
      const labels = raw.map((x) => x % numItems);
      const negatives = sampleNegatives(labels, numItems, new Random(seed));
      labels.forEach((y, i) => {
        expect(negatives[i]).not.toBe(y);
        expect(negatives[i]).toBeGreaterThanOrEqual(0);
        expect(negatives[i]).toBeLessThan(numItems);
      });
    },
  );
});

describe('SASRec-style baseline', () => {
  it('is the SFT run with the sampled BCE loss and no transition term, with the same budget', () => {
    const sft = tinySftConfig({ labelSmoothing: 0.1 });
    const preset = sasrecPreset(sft, { ...tinyModelConfig, transition: 2 });
    expect(preset.sft).toEqual({ ...sft, loss: 'sampled-bce', labelSmoothing: 0 });
    expect(preset.model).toEqual({ ...tinyModelConfig, transition: 0 });
  });

  it('trains and recommends K distinct items per history', async () => {
    const dataset = tinyDataset();
    const rec = await trainSasrec({ config: tinySftConfig(), model: tinyModelConfig, dataset, evaluator: evaluator() });
    expect(rec.name).toBe('sasrec');
    const lists = await rec.recommend({ offsets: Int32Array.from([0, 2, 3]), values: Int32Array.from([1, 2, 3]) }, 5, {
      excludeHistory: false,
    });
    expect(lists.size).toBe(2);
    for (let r = 0; r < 2; r++) expect(new Set(lists.items.subarray(r * 5, r * 5 + 5)).size).toBe(5);
  }, 60_000);

  it('SFT with the transition term and label smoothing trains to a finite loss', async () => {
    const result = await new SftTrainer({
      config: tinySftConfig({ labelSmoothing: 0.1 }),
      model: { ...tinyModelConfig, transition: 2 },
      dataset: tinyDataset(),
      evaluator: evaluator(),
    }).train();
    expect(result.steps).toBe(6);
    expect(result.best?.values['ndcg@10']).toBeGreaterThan(0);
    result.policy.dispose();
  }, 60_000);
});
