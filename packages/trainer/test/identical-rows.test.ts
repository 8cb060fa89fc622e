import type { Csr } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountPrior, selectBackend, sharedVocabKernel, tf, Transformer, TransformerPolicy } from '../src/internal.js';
import { mergeRowEntries, selectRowEntries } from '../src/model/ops/merge-row-entries.js';
import { IdenticalRows } from '../src/policy/identical-rows.js';
import { ListBans } from '../src/policy/list-bans.js';
import { randomHistories, tinyConfig, tinyModel } from './support.js';

/**
 * Sampling computes the logits of rows with the same context, list so far and query once
 * (IdenticalRows + the draw kernel's draws per row): the lists, token and list log-probabilities must
 * be bit for bit those of drawing every row on its own (the readable loop below), seed for seed.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});

describe('IdenticalRows', () => {
  it('groups the rows of a context until their lists differ, and rows whose query bits differ', () => {
    const rows = Int32Array.from([0, 0, 0, 1, 1]);
    const same = new Float32Array(10).fill(0.5);
    const groups = new IdenticalRows(rows, 9);
    let g = groups.group(same, 2);
    expect(Array.from(g.first)).toEqual([0, 3]);
    expect(Array.from(g.draws)).toEqual([0, 3, 5]);
    expect(Array.from(g.members)).toEqual([0, 1, 2, 3, 4]);
    groups.advance([7, 8, 7, 2, 2]);
    g = groups.group(same, 2);
    expect(Array.from(g.first)).toEqual([0, 1, 3]);
    expect(Array.from(g.members)).toEqual([0, 2, 1, 3, 4]);
    // row 4's query differs in the last bit from row 3's: its own group from now on
    const q = same.slice();
    q[9] = Math.fround(0.5 + 2 ** -24);
    g = groups.group(q, 2);
    expect(Array.from(g.first)).toEqual([0, 1, 3, 4]);
    groups.advance([1, 1, 1, 1, 1]);
    expect(Array.from(groups.group(same, 2).first)).toEqual([0, 1, 3, 4]);
  });

  it('selectRowEntries takes the rows of a table in the given order', () => {
    const table = {
      offsets: Int32Array.from([0, 1, 3, 3]),
      items: Int32Array.from([4, 5, 6]),
      values: Float32Array.from([1, 2, 3]),
    };
    const sub = selectRowEntries(table, [2, 1, 1, 0]);
    expect(Array.from(sub.offsets)).toEqual([0, 0, 2, 4, 5]);
    expect(Array.from(sub.items)).toEqual([5, 6, 5, 6, 4]);
    expect(Array.from(sub.values!)).toEqual([2, 3, 2, 3, 1]);
  });
});

/** The readable sampling loop: every row drawn on its own (one set of logits per row), as before grouping. */
async function sampleRowByRow(
  model: Transformer,
  contexts: Csr,
  n: number,
  K: number,
  random: Random,
  excludeHistory: boolean,
  temperature: number,
) {
  const B = contexts.offsets.length - 1;
  const R = B * n;
  const rows = TransformerPolicy.repeatRows(B, n);
  const d = model.config.dModel;
  const last = Int32Array.from(rows, (c) =>
    contexts.offsets[c + 1]! > contexts.offsets[c]! ? contexts.values[contexts.offsets[c + 1]! - 1]! : -1,
  );
  const { embedding, bias, prior } = model.outputWeights({ last });
  const bans = new ListBans(contexts, rows, excludeHistory);
  const policy = new TransformerPolicy(model);
  const states = policy.encode(contexts);
  let query = tf.gather(states, tf.tensor1d(rows, 'int32')) as tf.Tensor2D;
  const items = new Int32Array(R * K);
  const tokens = new Float32Array(R * K);
  const total = new Float64Array(R);
  for (let t = 0; t < K; t++) {
    const q = (await query.data()) as Float32Array;
    const uniforms = Float32Array.from({ length: R }, () => random.nextFloat());
    const entries = prior ? mergeRowEntries(R, prior, bans.csr()) : bans.csr();
    const drawn = sharedVocabKernel().draw(
      { P: R, d, V: model.numItems },
      q,
      embedding,
      bias,
      entries,
      uniforms,
      1 / temperature,
    );
    for (let r = 0; r < R; r++) {
      items[r * K + t] = drawn.items[r]!;
      tokens[r * K + t] = drawn.logp[r]!;
      total[r]! += drawn.logp[r]!;
      bans.add(r, drawn.items[r]!);
    }
    const next = tf.add(query, model.listStateStep(drawn.items.slice())) as tf.Tensor2D;
    query.dispose();
    query = next;
  }
  query.dispose();
  states.dispose();
  return { items, tokens, total };
}

describe('TransformerPolicy.sample with shared logits', () => {
  const V = 9;
  const K = 4;
  const contexts = randomHistories(5, V, 6, 3);
  const examples = Array.from({ length: 40 }, (_, i) => {
    const rng = new Random(100 + i);
    const history = Int32Array.from({ length: 5 }, () => rng.nextInt(V));
    return { history, targets: Int32Array.from([rng.nextInt(V)]) };
  });
  const models = {
    plain: tinyModel(V, 4),
    'count prior': Transformer.create(
      { ...tinyConfig, countPrior: { smoothing: 1 } },
      V,
      new Random(5),
      undefined,
      CountPrior.fromExamples(V, examples, 1),
    ),
  };

  for (const [name, model] of Object.entries(models)) {
    it(`draws bit for bit the lists and log-probabilities of drawing every row on its own (${name})`, async () => {
      const kernel = sharedVocabKernel();
      const draw = kernel.draw.bind(kernel);
      const groupSizes: number[] = [];
      kernel.draw = (...a: Parameters<typeof draw>) => {
        groupSizes.push(a[0].P);
        return draw(...a);
      };
      try {
        for (const [excludeHistory, temperature] of [
          [false, 1],
          [true, 1],
          [false, 0.7],
        ] as const) {
          const n = 6;
          groupSizes.length = 0;
          const got = await new TransformerPolicy(model).sample(contexts, {
            n,
            length: K,
            random: new Random(21),
            excludeHistory,
            temperature,
          });
          // the grouping did share logits beyond the first slot (the test is not vacuous)
          expect(groupSizes[0]).toBe(5);
          expect(groupSizes.slice(1).some((u) => u < 5 * n)).toBe(true);
          kernel.draw = draw;
          const want = await sampleRowByRow(model, contexts, n, K, new Random(21), excludeHistory, temperature);
          kernel.draw = (...a: Parameters<typeof draw>) => {
            groupSizes.push(a[0].P);
            return draw(...a);
          };
          expect(Array.from(got.lists.items)).toEqual(Array.from(want.items));
          expect(Array.from(got.tokenLogProbs)).toEqual(Array.from(want.tokens));
          expect(Array.from(got.logProb)).toEqual(Array.from(want.total));
        }
      } finally {
        kernel.draw = draw;
      }
    }, 60_000);
  }
});
