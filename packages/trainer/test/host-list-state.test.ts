import { type Csr, type SequenceExample } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { fc } from '@fast-check/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  contextTokens,
  CountPrior,
  selectBackend,
  setKernelThreads,
  tf,
  Transformer,
  type TransformerConfig,
  TransformerPolicy,
  usesHostListState,
} from '../src/internal.js';
import { randomHistories } from './support.js';

/**
 * The fused list path (the default on wasm: the context encoding of the last positions only, the list head's
 * queries kept on the host between slots) against the per-slot tfjs path (`BLADE_FUSED_LISTS=0`, the previous
 * default: the full encoding, the queries updated by tfjs ops at every slot): bit for bit the same lists, token
 * log-probabilities, list log-probabilities and uniforms consumed, on random models (with and without count, lag
 * and repeat terms), shapes, bans, empty histories, all-banned-but-one slots and extreme logits, for 1, 2 and 3
 * kernel threads.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});
afterEach(() => {
  delete process.env['BLADE_FUSED_LISTS'];
});
afterAll(async () => {
  await setKernelThreads(2);
});

const perSlot = async <T>(run: () => Promise<T>): Promise<T> => {
  process.env['BLADE_FUSED_LISTS'] = '0';
  try {
    return await run();
  } finally {
    delete process.env['BLADE_FUSED_LISTS'];
  }
};

const bits = (a: Float32Array | Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4));

interface Case {
  V: number;
  d: number;
  contexts: Csr;
  K: number;
  excludeHistory: boolean;
  prior: 'none' | 'count' | 'lags' | 'repeat';
  scale: number;
  n: number;
  temperature: number;
  seed: number;
  layers: number;
  transition: number;
}

function sequences(V: number, count: number, seed: number): SequenceExample[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const items = Array.from({ length: 2 + rng.nextInt(5) }, () => rng.nextInt(V));
    return { history: Int32Array.from(items.slice(0, -1)), targets: Int32Array.of(items.at(-1)!) };
  });
}

/** A random model of width `d` with a non-zero list interaction `M`, embeddings and bias scaled by `scale`. */
function model(c: Case): Transformer {
  const rng = new Random(c.seed);
  const config: TransformerConfig = {
    layers: c.layers,
    dModel: c.d,
    heads: 2,
    ffnMultiplier: 2,
    context: 6,
    dropout: 0,
    initFromCatalog: false,
    ...(c.transition ? { transition: c.transition } : {}),
    ...(c.prior === 'none'
      ? {}
      : {
          countPrior: {
            smoothing: 0.5,
            ...(c.prior === 'lags' ? { lags: 2 } : {}),
            ...(c.prior === 'repeat' ? { repeat: true, repeatInit: -1 } : {}),
          },
        }),
  };
  const train = sequences(c.V, 30, c.seed + 1);
  const priors =
    c.prior === 'none'
      ? []
      : [1, ...(c.prior === 'lags' ? [2] : [])].map((lag) => CountPrior.fromExamples(c.V, train, 0.5, lag));
  const m = Transformer.create(config, c.V, rng, undefined, priors[0], priors.slice(1));
  const set = (name: string, f: (x: number) => number) => {
    const p = m.params.get(name)!;
    const values = (p.dataSync() as Float32Array).map(f);
    p.assign(tf.tensor(values, p.shape));
  };
  set('list.interaction', () => rng.normal() * 0.5);
  set('items.embedding', (x) => x * c.scale);
  set('items.bias', () => rng.normal() * c.scale);
  return m;
}

const cases = fc
  .record({
    V: fc.integer({ min: 4, max: 40 }),
    d: fc.constantFrom(8, 16, 24),
    count: fc.integer({ min: 1, max: 7 }),
    maxHistory: fc.integer({ min: 0, max: 8 }),
    historySeed: fc.integer({ min: 1, max: 1000 }),
    // K: 1 … the most every row allows (the last slot of the row with the fewest allowed items has one left)
    kShare: fc.double({ min: 0, max: 1, noNaN: true }),
    excludeHistory: fc.boolean(),
    prior: fc.constantFrom('none', 'count', 'lags', 'repeat') as fc.Arbitrary<Case['prior']>,
    scale: fc.constantFrom(0.05, 1, 20, 400),
    n: fc.integer({ min: 1, max: 4 }),
    temperature: fc.constantFrom(1, 0.6, 1.7),
    seed: fc.integer({ min: 1, max: 10_000 }),
    layers: fc.integer({ min: 1, max: 3 }),
    transition: fc.constantFrom(0, 0, 2),
  })
  .map(({ V, count, maxHistory, historySeed, kShare, ...rest }): Case => {
    const contexts = randomHistories(count, V, maxHistory, historySeed);
    let allowed = V;
    for (let c = 0; c < count && rest.excludeHistory; c++) {
      const distinct = new Set(contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!)).size;
      allowed = Math.min(allowed, V - distinct);
    }
    // every case with kShare = 1 ends on an all-banned-but-one slot
    const K = Math.min(allowed, 1 + Math.floor(kShare * allowed));
    return { V, contexts, K, ...rest };
  })
  .filter((c) => c.K >= 1);

async function compare(c: Case): Promise<void> {
  const policy = new TransformerPolicy(model(c));
  try {
    expect(usesHostListState(c.d)).toBe(true);
    const options = (seed: number) => ({
      n: c.n,
      length: c.K,
      random: new Random(seed),
      excludeHistory: c.excludeHistory,
      temperature: c.temperature,
    });
    const hostOptions = options(c.seed);
    const slotOptions = options(c.seed);
    const host = await policy.sample(c.contexts, hostOptions);
    const slot = await perSlot(() => policy.sample(c.contexts, slotOptions));
    expect(Array.from(host.lists.items)).toEqual(Array.from(slot.lists.items));
    expect(bits(host.tokenLogProbs)).toEqual(bits(slot.tokenLogProbs));
    expect(bits(host.logProb)).toEqual(bits(slot.logProb));
    // the same uniforms consumed: both generators are at the same point
    expect(hostOptions.random.nextUint32()).toBe(slotOptions.random.nextUint32());
    const greedy = await policy.decode(c.contexts, { length: c.K, excludeHistory: c.excludeHistory });
    const greedySlot = await perSlot(() =>
      policy.decode(c.contexts, { length: c.K, excludeHistory: c.excludeHistory }),
    );
    expect(Array.from(greedy.items)).toEqual(Array.from(greedySlot.items));
    // beam search reads the same context encoding
    const beams = { length: Math.min(c.K, 3), excludeHistory: c.excludeHistory, beamWidth: 2 };
    expect(Array.from((await policy.decode(c.contexts, beams)).items)).toEqual(
      Array.from((await perSlot(() => policy.decode(c.contexts, beams))).items),
    );
    // and reproducible bit for bit
    const again = await policy.sample(c.contexts, options(c.seed));
    expect(bits(again.tokenLogProbs)).toEqual(bits(host.tokenLogProbs));
    expect(
      Array.from((await policy.decode(c.contexts, { length: c.K, excludeHistory: c.excludeHistory })).items),
    ).toEqual(Array.from(greedy.items));
  } finally {
    policy.dispose();
  }
}

describe('the context encoding of the last positions only', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`gives the bits of the full encoding (${backend})`, async () => {
      await selectBackend(backend);
      try {
        await fc.assert(
          fc.asyncProperty(cases, async (c) => {
            const m = model(c);
            try {
              const tokens = contextTokens(c.contexts, 6);
              const full = tf.tidy(() => m.contextStates(tokens, { train: false }));
              const last = tf.tidy(() => m.contextStates(tokens, { train: false, lastOnly: true }));
              expect(last.shape).toEqual(full.shape);
              expect(bits(last.dataSync() as Float32Array)).toEqual(bits(full.dataSync() as Float32Array));
              tf.dispose([full, last]);
            } finally {
              m.dispose();
            }
          }),
          { numRuns: backend === 'wasm' ? 40 : 10 },
        );
      } finally {
        await selectBackend('wasm');
      }
    }, 120_000);
  }
});

describe("the fused list path at the benchmark's sizes", () => {
  it('encodes, samples and decodes 1, 3 and 64 contexts as the per-slot path does (d = 64, 4,100 items)', async () => {
    const V = 4100;
    const rng = new Random(7);
    const m = Transformer.create(
      { layers: 2, dModel: 64, heads: 4, ffnMultiplier: 4, context: 12, dropout: 0.1, initFromCatalog: false },
      V,
      rng,
    );
    const interaction = m.params.get('list.interaction')!;
    interaction.assign(
      tf.tensor(
        Float32Array.from({ length: 64 * 64 }, () => rng.normal() * 0.3),
        [64, 64],
      ),
    );
    const policy = new TransformerPolicy(m);
    try {
      for (const B of [1, 3, 64]) {
        const contexts = randomHistories(B, V, 12, B);
        const tokens = contextTokens(contexts, 12);
        const full = tf.tidy(() => m.contextStates(tokens, { train: false }));
        const last = tf.tidy(() => m.contextStates(tokens, { train: false, lastOnly: true }));
        expect(bits(last.dataSync() as Float32Array)).toEqual(bits(full.dataSync() as Float32Array));
        tf.dispose([full, last]);
        const host = await policy.sample(contexts, { n: 2, length: 10, random: new Random(B) });
        const slot = await perSlot(() => policy.sample(contexts, { n: 2, length: 10, random: new Random(B) }));
        expect(Array.from(host.lists.items)).toEqual(Array.from(slot.lists.items));
        expect(bits(host.tokenLogProbs)).toEqual(bits(slot.tokenLogProbs));
        const greedy = await policy.decode(contexts, { length: 10 });
        expect(Array.from(greedy.items)).toEqual(
          Array.from((await perSlot(() => policy.decode(contexts, { length: 10 }))).items),
        );
      }
    } finally {
      policy.dispose();
    }
  }, 120_000);
});

describe('decoding with the list state on the host', () => {
  it('is the default on wasm with widths that are multiples of 8, and switched off by BLADE_FUSED_LISTS=0', async () => {
    expect(usesHostListState(64)).toBe(true);
    expect(usesHostListState(12)).toBe(false);
    expect(usesHostListState(64, 'cpu')).toBe(false);
    expect(await perSlot(async () => usesHostListState(64))).toBe(false);
  });

  for (const threads of [1, 2, 3]) {
    it(`gives the per-slot path's lists, log-probabilities and uniforms bit for bit (${threads} threads)`, async () => {
      await setKernelThreads(threads);
      await fc.assert(fc.asyncProperty(cases, compare), { numRuns: threads === 2 ? 40 : 15 });
    }, 120_000);
  }

  it('bans every chosen item and reaches the last allowed item (all banned but one)', async () => {
    await setKernelThreads(2);
    const V = 6;
    const c: Case = {
      V,
      d: 8,
      contexts: randomHistories(5, V, 3, 4),
      K: V,
      excludeHistory: false,
      prior: 'count',
      scale: 400,
      n: 3,
      temperature: 1,
      seed: 5,
      layers: 2,
      transition: 0,
    };
    await compare(c);
    const policy = new TransformerPolicy(model(c));
    const lists = await policy.decode(c.contexts, { length: V });
    for (let r = 0; r < 5; r++) expect(new Set(lists.items.subarray(r * V, (r + 1) * V)).size).toBe(V);
    await expect(policy.decode(c.contexts, { length: V + 1 })).rejects.toThrow(/no item left/);
    policy.dispose();
  });
});
