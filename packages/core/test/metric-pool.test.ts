import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  HITS_WASM_SHARED,
  KernelPool,
  MetricKernelPool,
  PAD_ITEM,
  PARALLEL_MIN_LISTS,
  relevanceHits,
  rewardInputsFromArrays,
  singleTargetHits,
  singleTargetHitsOn,
  splitRows,
} from '../src/internal.js';

/** The metric kernels' threaded paths are bit-identical to the single-thread path, for any thread count. */
describe('threaded metric kernels: the single-target hits scan', () => {
  const pools = [1, 2, 3].map((threads) => MetricKernelPool.load(new KernelPool(threads), HITS_WASM_SHARED, ['hits']));
  afterAll(async () => {
    for (const { pool } of pools) await pool.dispose();
  });

  it('splits rows into contiguous ranges in order, sizes differing by at most one', () => {
    expect(splitRows(7, 3)).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(splitRows(2, 3)).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
    ]);
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 9 }), (count, threads) => {
        const ranges = splitRows(count, threads);
        expect(ranges[0]![0]).toBe(0);
        expect(ranges.at(-1)![1]).toBe(count);
        ranges.forEach(([a, b], t) => {
          if (t > 0) expect(a).toBe(ranges[t - 1]![1]);
          expect(b - a).toBeGreaterThanOrEqual(Math.floor(count / threads));
          expect(b - a).toBeLessThanOrEqual(Math.ceil(count / threads));
        });
      }),
    );
  });

  // lists of up to 40 slots (the kernel's slow path starts past 32) with unknown items, repeats and padding;
  // each row judges zero or one item, with grades that may be ≤ 0
  const batch = fc.integer({ min: 1, max: 12 }).chain((items) =>
    fc.record({
      lists: fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: items - 1 }), fc.constant(-2), fc.constant(PAD_ITEM)), {
          maxLength: 40,
        }),
        { minLength: 1, maxLength: 60 },
      ),
      target: fc.array(
        fc.option(fc.record({ id: fc.integer({ min: -1, max: items - 1 }), grade: fc.constantFrom(1, 2, 0, -1) }), {
          nil: undefined,
        }),
        { minLength: 60, maxLength: 60 },
      ),
      cutoff: fc.integer({ min: 1, max: 45 }),
      items: fc.constant(items),
    }),
  );

  it('gives the single-thread scan bit for bit, on 1, 2 and 3 threads (fast-check)', () => {
    fc.assert(
      fc.property(batch, ({ lists, target, cutoff, items }) => {
        const relevant = lists.map((_, b) => (target[b] ? new Map([[target[b]!.id, target[b]!.grade]]) : []));
        const inputs = rewardInputsFromArrays({ lists, relevant, items: { numItems: items } });
        expect(inputs.lists.size).toBeLessThan(PARALLEL_MIN_LISTS); // so singleTargetHits runs on one thread
        const single = singleTargetHits(inputs, cutoff)!;
        for (const threaded of pools)
          expect(Array.from(singleTargetHitsOn(threaded, inputs, cutoff, new Int32Array(lists.length))!)).toEqual(
            Array.from(single),
          );
      }),
      { numRuns: 200 },
    );
  });

  // long lists with few pads, so hits land anywhere in the window
  const longLists = fc.integer({ min: 1, max: 60 }).chain((items) =>
    fc.record({
      lists: fc.array(
        fc.array(
          fc.oneof(
            { weight: 12, arbitrary: fc.integer({ min: 0, max: items - 1 }) },
            { weight: 1, arbitrary: fc.constant(-2) },
            { weight: 1, arbitrary: fc.constant(PAD_ITEM) },
          ),
          { maxLength: 40 },
        ),
        { minLength: 1, maxLength: 60 },
      ),
      target: fc.array(
        fc.option(fc.record({ id: fc.integer({ min: -1, max: items - 1 }), grade: fc.constantFrom(1, 2, 0, -1) }), {
          nil: undefined,
          freq: 8,
        }),
        { minLength: 60, maxLength: 60 },
      ),
      cutoff: fc.integer({ min: 1, max: 45 }),
      items: fc.constant(items),
    }),
  );

  it('finds the hits of the readable relevanceHits, for windows of 1 … 45 slots (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(batch, longLists), ({ lists, target, cutoff, items }) => {
        const relevant = lists.map((_, b) => (target[b] ? new Map([[target[b]!.id, target[b]!.grade]]) : []));
        const inputs = rewardInputsFromArrays({ lists, relevant, items: { numItems: items } });
        const reference = relevanceHits(inputs, cutoff);
        const expected = lists.map((_, b) =>
          reference.offsets[b + 1]! > reference.offsets[b]! ? reference.positions[reference.offsets[b]!]! : -1,
        );
        expect(Array.from(singleTargetHits(inputs, cutoff)!)).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('gives the single-thread scan over many chunks, in alternating regions (fast-check)', () => {
    fc.assert(
      fc.property(batch, fc.integer({ min: 1, max: 80 }), ({ lists, target, cutoff, items }, chunkSlots) => {
        const relevant = lists.map((_, b) => (target[b] ? new Map([[target[b]!.id, target[b]!.grade]]) : []));
        const inputs = rewardInputsFromArrays({ lists, relevant, items: { numItems: items } });
        const single = Array.from(singleTargetHits(inputs, cutoff)!);
        for (const threaded of pools) {
          const out = singleTargetHitsOn(threaded, inputs, cutoff, new Int32Array(lists.length), chunkSlots)!;
          expect(Array.from(out)).toEqual(single);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a batch where a row judges two items, in any chunk and on any thread', () => {
    const inputs = rewardInputsFromArrays({
      lists: [
        [0, 1],
        [1, 0],
      ],
      relevant: [[0], [0, 1]],
      items: { numItems: 2 },
    });
    expect(singleTargetHitsOn(pools[1]!, inputs, 10, new Int32Array(2))).toBeUndefined();
    expect(singleTargetHits(inputs, 10)).toBeUndefined();
    // rows judging 1, 0, 2, 1 … items: a chunk may hold no more judged items than lists, so only the scan sees it
    const lists = Array.from({ length: 40 }, (_, b) => [b % 5, (b + 1) % 5, (b + 2) % 5]);
    for (const twice of [1, 17, 38]) {
      const relevant = lists.map((_, b) => (b === twice ? [0, 1] : b === twice + 1 ? [] : [b % 5]));
      const several = rewardInputsFromArrays({ lists, relevant, items: { numItems: 5 } });
      expect(singleTargetHits(several, 10)).toBeUndefined();
      for (const threaded of pools)
        for (const chunkSlots of [3, 6, 30, 1 << 19])
          expect(singleTargetHitsOn(threaded, several, 10, new Int32Array(40), chunkSlots)).toBeUndefined();
    }
  });

  it('takes the threaded path for large batches: the same positions as one thread, run after run', () => {
    const size = PARALLEL_MIN_LISTS + 123;
    const width = 10;
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const items = new Int32Array(size * width).map(() => Math.floor(next() * 500));
    const values = Int32Array.from({ length: size }, (_, b) =>
      next() < 0.4 ? items[b * width + Math.floor(next() * width)]! : Math.floor(next() * 500),
    );
    const inputs = {
      lists: { size, width, items },
      relevance: {
        offsets: Int32Array.from({ length: size + 1 }, (_, b) => b),
        values,
        grades: new Float32Array(size).fill(1),
      },
      items: { numItems: 500 },
    };
    const once = singleTargetHitsOn(pools[0]!, inputs, 10, new Int32Array(size))!;
    const a = singleTargetHits(inputs, 10)!;
    const b = singleTargetHits(inputs, 10)!;
    expect(Array.from(a)).toEqual(Array.from(once));
    expect(Array.from(b)).toEqual(Array.from(once));
    expect(once.some((p) => p >= 0) && once.some((p) => p < 0)).toBe(true);
  });

  it('records the path of every large batch: BLADE_KERNEL_THREADS=1 keeps one thread, =2 forces two', async () => {
    const family = new MetricKernelPool(HITS_WASM_SHARED, ['hits']);
    try {
      vi.stubEnv('BLADE_KERNEL_THREADS', '1');
      expect(family.get()).toBeUndefined();
      vi.stubEnv('BLADE_KERNEL_THREADS', '2');
      expect(family.get()?.pool.threads).toBe(2);
      expect(family.get()?.pool.threads).toBe(2);
      expect(family.takePaths()).toEqual([
        { threads: 2, batches: 2, reason: 'BLADE_KERNEL_THREADS=2' },
        { threads: 1, batches: 1, reason: 'one kernel thread configured' },
      ]);
      expect(family.takePaths()).toEqual([]);
      await family.get()!.pool.dispose();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
