import { KernelPool, MetricKernelPool, PARALLEL_MIN_LISTS, rewardInputsFromArrays } from '@bladerec/core/internal';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ILD_WASM_SHARED, ildCosineBatch, ildCosineJs, ildCosineOn, unitEmbeddings } from '../src/internal.js';

const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** The threaded cosine ILD is bit-identical to the single-thread kernel, for any thread count. */
describe('threaded ILD (cosine)', () => {
  const pools = [1, 2, 3].map((threads) => MetricKernelPool.load(new KernelPool(threads), ILD_WASM_SHARED, ['ild']));
  afterAll(async () => {
    for (const { pool } of pools) await pool.dispose();
  });

  const batch = fc
    .record({ items: fc.integer({ min: 1, max: 12 }), dim: fc.integer({ min: 1, max: 19 }) })
    .chain(({ items, dim }) =>
      fc.record({
        lists: fc.array(
          fc.array(fc.oneof(fc.integer({ min: 0, max: items - 1 }), fc.constant(-2), fc.constant(-1)), {
            maxLength: 14,
          }),
          { minLength: 1, maxLength: 50 },
        ),
        data: fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(0)), {
          minLength: items * dim,
          maxLength: items * dim,
        }),
        k: fc.integer({ min: 1, max: 16 }),
        items: fc.constant(items),
        dim: fc.constant(dim),
      }),
    );

  it('gives the single-thread scores bit for bit on 1, 2 and 3 threads, the pool reused across tables (fast-check)', () => {
    fc.assert(
      fc.property(batch, ({ lists, data, k, items, dim }) => {
        const inputs = rewardInputsFromArrays({
          lists,
          items: { numItems: items, embeddings: { dim, data: Float32Array.from(data) } },
        });
        expect(lists.length).toBeLessThan(PARALLEL_MIN_LISTS); // so ildCosineBatch runs on one thread
        const single = ildCosineBatch(inputs, k, new Float64Array(lists.length));
        for (const threaded of pools)
          expect(bits(ildCosineOn(threaded, inputs, k, new Float64Array(lists.length)))).toEqual(bits(single));
      }),
      { numRuns: 150 },
    );
  });

  it("gives the JavaScript implementation's scores bit for bit, on one and several threads (fast-check)", () => {
    fc.assert(
      fc.property(batch, ({ lists, data, k, items, dim }) => {
        const embeddings = { dim, data: Float32Array.from(data) };
        const inputs = rewardInputsFromArrays({ lists, items: { numItems: items, embeddings } });
        const { unit, squaredNorm } = unitEmbeddings(embeddings);
        const js = bits(ildCosineJs(inputs, k, new Float64Array(lists.length), unit, squaredNorm, dim));
        expect(bits(ildCosineBatch(inputs, k, new Float64Array(lists.length)))).toEqual(js);
        expect(bits(ildCosineOn(pools[1]!, inputs, k, new Float64Array(lists.length)))).toEqual(js);
      }),
      { numRuns: 150 },
    );
  });

  it('takes the threaded path for large batches: the same scores as one thread, run after run', () => {
    const size = PARALLEL_MIN_LISTS + 77;
    const width = 10;
    const dim = 16;
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const embeddings = { dim, data: Float32Array.from({ length: 300 * dim }, () => next() * 2 - 1) };
    const inputs = {
      lists: { size, width, items: new Int32Array(size * width).map(() => Math.floor(next() * 300)) },
      items: { numItems: 300, embeddings },
    };
    const once = bits(ildCosineOn(pools[0]!, inputs, 10, new Float64Array(size)));
    expect(bits(ildCosineBatch(inputs, 10, new Float64Array(size)))).toEqual(once);
    expect(bits(ildCosineBatch(inputs, 10, new Float64Array(size)))).toEqual(once);
  });
});
