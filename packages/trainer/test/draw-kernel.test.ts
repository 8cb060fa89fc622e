import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { drawReference, expf32, logitF32 } from '../src/kernels/draw-reference.js';
import { KernelPool } from '../src/kernels/kernel-pool.js';
import type { BannedItems } from '../src/kernels/vocab-kernel.js';
import { VocabKernel } from '../src/kernels/vocab-kernel.js';

/**
 * The fused draw (masked softmax + inverse-CDF draw, or argmax) against its readable float32
 * definition on the same uniforms: the picks must be *identical*, on 1 and 3 threads, with bans,
 * rows with one admissible item, temperatures and extreme logits.
 */

const pools = [new KernelPool(1), new KernelPool(3)];
const kernels = pools.map((p) => new VocabKernel(p, false));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.dispose()));
});

const caseArb = fc
  .record({
    P: fc.integer({ min: 1, max: 13 }),
    d: fc.integer({ min: 1, max: 12 }),
    V: fc.integer({ min: 1, max: 60 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    scale: fc.constantFrom(0.01, 1, 4, 1e4),
    ban: fc.constantFrom('none', 'some', 'allButOne'),
    invT: fc.constantFrom(1, 2, 0.5, 1 / 0.7),
  })
  .map(({ P, d, V, seed, scale, ban, invT }) => {
    let s = seed;
    const next = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const q = Float32Array.from({ length: P * d }, () => (next() * 2 - 1) * Math.sqrt(scale));
    const E = Float32Array.from({ length: V * d }, () => (next() * 2 - 1) * Math.sqrt(scale));
    const b = Float32Array.from({ length: V }, () => (next() * 2 - 1) * scale);
    const uniforms = Float32Array.from({ length: P }, () => Math.fround(next()) % 1);
    let banned: BannedItems | undefined;
    if (ban !== 'none') {
      const offsets = new Int32Array(P + 1);
      const items: number[] = [];
      for (let r = 0; r < P; r++) {
        const keep = Math.floor(next() * V);
        for (let v = 0; v < V; v++) if (v !== keep && (ban === 'allButOne' || next() < 0.4)) items.push(v);
        offsets[r + 1] = items.length;
      }
      banned = { offsets, items: Int32Array.from(items) };
    }
    return { P, d, V, q, E, b, uniforms, banned, invT };
  });

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The float32 logits of row r as the kernels compute them (banned entries −∞). */
function rowLogits(c: Case, r: number): Float32Array {
  const z = new Float32Array(c.V);
  for (let v = 0; v < c.V; v++) z[v] = logitF32(c.q, r * c.d, c.E, v * c.d, c.d, c.b[v]!);
  if (c.banned) for (let j = c.banned.offsets[r]!; j < c.banned.offsets[r + 1]!; j++) z[c.banned.items[j]!] = -Infinity;
  return z;
}

describe('fused draw', () => {
  it('draws exactly the items of the readable definition on the same uniforms (1 and 3 threads)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const want = Array.from({ length: c.P }, (_, r) => drawReference(rowLogits(c, r), c.uniforms[r]!, c.invT));
        for (const kernel of kernels) {
          const got = kernel.draw({ P: c.P, d: c.d, V: c.V }, c.q, c.E, c.b, c.banned, c.uniforms, c.invT);
          expect(Array.from(got.items)).toEqual(want);
          // the log-probability at temperature 1 of each pick
          for (let r = 0; r < c.P; r++) {
            const z = rowLogits(c, r);
            const max = Math.max(...z);
            const lse = max + Math.log(z.reduce((s, x) => s + Math.exp(x - max), 0));
            expect(Math.abs(got.logp[r]! - (z[want[r]!]! - lse))).toBeLessThan(
              1e-5 * Math.max(1, Math.abs(z[want[r]!]! - lse)),
            );
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('several draws per row (draws CSR) give bit for bit the picks and log-probabilities of one row per draw', () => {
    // rows repeated 1–4 times: the grouped call (each row once, its draws' uniforms) against the expanded call
    fc.assert(
      fc.property(caseArb, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 13, maxLength: 13 }), (c, extra) => {
        const counts = Array.from({ length: c.P }, (_, r) => 1 + extra[r]!);
        const draws = new Int32Array(c.P + 1);
        counts.forEach((n, r) => (draws[r + 1] = draws[r]! + n));
        const n = draws[c.P]!;
        const uniforms = Float32Array.from({ length: n }, (_, j) =>
          Math.fround((j * 0.6180339887 + c.uniforms[0]!) % 1),
        );
        const rowOf = Int32Array.from({ length: n }, (_, j) => counts.findIndex((_, r) => j < draws[r + 1]!));
        const q = new Float32Array(n * c.d);
        rowOf.forEach((r, j) => q.set(c.q.subarray(r * c.d, (r + 1) * c.d), j * c.d));
        let banned: BannedItems | undefined;
        if (c.banned) {
          const offsets = new Int32Array(n + 1);
          const items: number[] = [];
          rowOf.forEach((r, j) => {
            items.push(...c.banned!.items.subarray(c.banned!.offsets[r]!, c.banned!.offsets[r + 1]!));
            offsets[j + 1] = items.length;
          });
          banned = { offsets, items: Int32Array.from(items) };
        }
        for (const kernel of kernels) {
          const expanded = kernel.draw({ P: n, d: c.d, V: c.V }, q, c.E, c.b, banned, uniforms, c.invT);
          const grouped = kernel.draw({ P: c.P, d: c.d, V: c.V }, c.q, c.E, c.b, c.banned, uniforms, c.invT, draws);
          expect(Array.from(grouped.items)).toEqual(Array.from(expanded.items));
          expect(Array.from(grouped.logp)).toEqual(Array.from(expanded.logp));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects draw offsets that do not cover the uniforms', () => {
    const args = [
      { P: 2, d: 1, V: 3 },
      new Float32Array(2),
      new Float32Array(3),
      new Float32Array(3),
      undefined,
      Float32Array.from([0.1, 0.2, 0.3]),
    ] as const;
    expect(() => kernels[0]!.draw(...args, 1, Int32Array.from([0, 1, 2]))).toThrow(/CSR offsets/);
    expect(() => kernels[0]!.draw(...args, 1, Int32Array.from([0, 1]))).toThrow(/CSR offsets/);
  });

  it('greedy picks the first argmax of the logits', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const want = Array.from({ length: c.P }, (_, r) => drawReference(rowLogits(c, r), undefined));
        for (const kernel of kernels)
          expect(Array.from(kernel.draw({ P: c.P, d: c.d, V: c.V }, c.q, c.E, c.b, c.banned).items)).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('draws each item with its softmax probability (uniform grid over [0, 1))', () => {
    // one row, 5 items with known probabilities: the share of a fine uniform grid landing on each item
    const V = 5;
    const n = 20_000;
    const b = Float32Array.from([0, 1, -1, 2, 0.5]);
    const q = new Float32Array(n);
    const E = new Float32Array(V);
    const uniforms = Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const got = kernels[1]!.draw({ P: n, d: 1, V }, q, E, b, undefined, uniforms);
    const z = Array.from(b);
    const total = z.reduce((s, x) => s + Math.exp(x), 0);
    for (let v = 0; v < V; v++) {
      const share = got.items.filter((x) => x === v).length / n;
      expect(Math.abs(share - Math.exp(z[v]!) / total)).toBeLessThan(2 / n);
    }
  });

  it('expf32 (the reference exp) is within 2 ulp of Math.exp', () => {
    for (let i = 0; i <= 1000; i++) {
      const x = Math.fround(-87 * (i / 1000));
      const want = Math.fround(Math.exp(x));
      const ulp = 2 ** (Math.floor(Math.log2(want)) - 23);
      expect(Math.abs(expf32(x) - want) / ulp).toBeLessThanOrEqual(2);
    }
    expect(expf32(0)).toBe(1);
    expect(expf32(-Infinity)).toBe(0);
  });

  it('rejects a row with nothing left to choose', () => {
    const banned = { offsets: Int32Array.from([0, 2]), items: Int32Array.from([0, 1]) };
    expect(() =>
      kernels[0]!.draw(
        { P: 1, d: 1, V: 2 },
        new Float32Array(1),
        new Float32Array(2),
        new Float32Array(2),
        banned,
        Float32Array.from([0.5]),
      ),
    ).toThrow(/no item left/);
  });
});
