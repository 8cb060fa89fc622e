import { setFlagsFromString } from 'node:v8';
import { fc } from '@fast-check/vitest';
import { wasm } from '@bladerec/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../src/internal.js';
import { KernelPool } from '../src/kernels/kernel-pool.js';
import {
  add,
  assembleSharedModule,
  f32x4Add,
  f32x4Const,
  f32x4Ge,
  f32x4Max,
  f32x4Min,
  f32x4Mul,
  f32x4Nearest,
  f32x4Sub,
  forRange,
  get,
  i32x4Add,
  i32x4Const,
  i32x4Shl,
  i32x4TruncSatF32x4S,
  int,
  mul,
  v128Bitselect,
  v128Store,
} from '../src/kernels/simd-code.js';
import { EXP_CONSTANTS, EXP_GLOBALS, EXP_LOW, expConstants, vectorExp } from '../src/kernels/simd-exp.js';
import { type BannedItems, VocabKernel } from '../src/kernels/vocab-kernel.js';
import { vocabReference } from '../src/kernels/vocab-reference.js';
import { composedVocabLogProbs, vocabLogProbs } from '../src/model/ops/vocab-log-probs.js';

/**
 * The fused vocabulary op against its readable float64 definition (`vocabReference`) and against
 * the composed tfjs ops it replaces, on random shapes: plain rows, rows with banned items, rows
 * where every item but the target is banned, and extreme logits (±1e4 scale, on an integer grid so
 * that the logits themselves are exact in float32 and only the softmax arithmetic is compared).
 */

const pools: KernelPool[] = [];
const kernelWith = (threads: number) => {
  const pool = new KernelPool(threads);
  pools.push(pool);
  return new VocabKernel(pool, false);
};
let kernel1: VocabKernel;
let kernel3: VocabKernel;

beforeAll(async () => {
  await selectBackend('cpu');
  kernel1 = kernelWith(1);
  kernel3 = kernelWith(3);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.dispose()));
});

interface Case {
  P: number;
  d: number;
  V: number;
  h: Float32Array;
  E: Float32Array;
  b: Float32Array;
  targets: Int32Array;
  banned: BannedItems | undefined;
  dy: Float32Array;
  scale: number;
}

/** A random case; `extreme`: integer h and E·1000 (logits up to ~±3·10⁴, exact in float32). */
const caseArb = (extreme: boolean) =>
  fc
    .record({
      P: fc.integer({ min: 1, max: 11 }),
      d: fc.integer({ min: 1, max: extreme ? 4 : 20 }),
      V: fc.integer({ min: 2, max: 45 }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      ban: fc.constantFrom('none', 'some', 'allButOne'),
      scale: extreme ? fc.constant(1e4) : fc.constantFrom(0.1, 1, 5),
    })
    .map(({ P, d, V, seed, ban, scale }): Case => {
      let s = seed;
      const next = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
      const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
      const grid = (m: number) => Math.round(next() * 2 * m) - m;
      const h = Float32Array.from({ length: P * d }, () => (extreme ? grid(3) : normal() * Math.sqrt(scale)));
      const E = Float32Array.from({ length: V * d }, () => (extreme ? grid(3) * 1000 : normal() * Math.sqrt(scale)));
      const b = Float32Array.from({ length: V }, () => (extreme ? grid(10) * 1000 : normal() * scale));
      const targets = Int32Array.from({ length: P }, () => Math.floor(next() * V));
      const dy = Float32Array.from({ length: P }, () => normal());
      let banned: BannedItems | undefined;
      if (ban !== 'none') {
        const offsets = new Int32Array(P + 1);
        const items: number[] = [];
        for (let r = 0; r < P; r++) {
          for (let v = 0; v < V; v++) {
            if (v === targets[r]) continue;
            if (ban === 'allButOne' ? r % 2 === 0 : next() < 0.3) items.push(v);
          }
          // a duplicate ban must not matter
          if (items.length > offsets[r]!) items.push(items[offsets[r]!]!);
          offsets[r + 1] = items.length;
        }
        banned = { offsets, items: Int32Array.from(items) };
      }
      return { P, d, V, h, E, b, targets, banned, dy, scale };
    });

/** max |a − b| / max(1, |b|) over the entries. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = a[i] === b[i] ? 0 : Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  return worst;
}
/** max |a − b| / max(1, max |b|): for gradients, whose entries may cancel to near 0. */
function scaledErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return Number.isNaN(worst) ? Infinity : worst;
}

function runFused(kernel: VocabKernel, c: Case) {
  const shape = { P: c.P, d: c.d, V: c.V };
  const f = kernel.forward(shape, c.h, c.E, c.b, c.targets, c.banned);
  const g = kernel.backward(shape, c.h, c.E, c.b, c.targets, c.banned, f, c.dy);
  return { logp: f.logp, ...g };
}

describe('vector exp (Cephes expf in WebAssembly SIMD)', () => {
  it('is within 2 ulp of exp on [EXP_LOW, 0], exactly 1 at 0 and exactly 0 below EXP_LOW and at −∞', () => {
    const n = 4096;
    const xs = new Float32Array(n);
    for (let i = 0; i < n - 8; i++) xs[i] = EXP_LOW * (i / (n - 9)) ** 2;
    xs.set([0, -0, -Infinity, -88, -1e9, EXP_LOW - 0.01, -1e-30, -1e4], n - 8);
    // f(n): out[i] = exp(in[i]) for i < n, with in at byte 0 and out at byte 4n
    const body = [
      ...forRange(1, int(0), get(0), 4, [
        ...add(mul(get(0), int(4)), mul(get(1), int(4))),
        ...mul(get(1), int(4)),
        ...wasm.v128Load(0, 2),
        ...wasm.localSet(2),
        ...vectorExp(2, 3, 4),
        ...v128Store(0, 2),
      ]),
      ...wasm.end,
    ];
    const bytes = wasm.assembleModule({
      params: [wasm.I32],
      results: [],
      locals: [
        [1, wasm.I32],
        [3, wasm.V128],
      ],
      body,
      exportName: 'f',
      memory: 'import',
    });
    const { memory, exports } = wasm.instantiate(bytes, 1);
    new Float32Array(memory.buffer, 0, n).set(xs);
    (exports['f'] as (n: number) => void)(n);
    const out = new Float32Array(memory.buffer, 4 * n, n);
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.exp(xs[i]!));
      if (!(xs[i]! >= EXP_LOW)) {
        expect(out[i], `exp(${xs[i]})`).toBe(0);
        continue;
      }
      const ulp = want === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(want)) - 23);
      expect(Math.abs(out[i]! - want) / ulp, `exp(${xs[i]}) = ${out[i]} vs ${want}`).toBeLessThanOrEqual(2);
    }
    expect(out[n - 8]).toBe(1);
    expect(out[n - 7]).toBe(1);
  });

  it(
    'gives the same bits with its constants in locals as inline, and as its first form (max/min clamp, ' +
      'saturating conversion, bitselect) on any input',
    () => {
      // the first form of the kernel's exp, kept here as the definition the faster instruction choices must equal
      const POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
      const firstForm = (x: number, nn: number, r: number): number[] => {
        const poly: number[] = [...f32x4Const(POLY[0]!)];
        for (const c of POLY.slice(1)) poly.push(...get(r), ...f32x4Mul, ...f32x4Const(c), ...f32x4Add);
        return [
          ...get(x),
          ...f32x4Const(EXP_LOW),
          ...f32x4Max,
          ...f32x4Const(88),
          ...f32x4Min,
          ...wasm.localSet(r),
          ...get(r),
          ...f32x4Const(1.4426950408889634),
          ...f32x4Mul,
          ...f32x4Nearest,
          ...wasm.localSet(nn),
          ...get(r),
          ...get(nn),
          ...f32x4Const(0.693359375),
          ...f32x4Mul,
          ...f32x4Sub,
          ...get(nn),
          ...f32x4Const(-2.1219444e-4),
          ...f32x4Mul,
          ...f32x4Sub,
          ...wasm.localSet(r),
          ...poly,
          ...get(r),
          ...f32x4Mul,
          ...get(r),
          ...f32x4Mul,
          ...get(r),
          ...f32x4Add,
          ...f32x4Const(1),
          ...f32x4Add,
          ...get(nn),
          ...i32x4TruncSatF32x4S,
          ...i32x4Const(127),
          ...i32x4Add,
          ...wasm.i32Const(23),
          ...i32x4Shl,
          ...f32x4Mul,
          ...f32x4Const(0),
          ...get(x),
          ...f32x4Const(EXP_LOW),
          ...f32x4Ge,
          ...v128Bitselect,
        ];
      };
      // f(n, out): out[i] = exp(in[i]) for i < n, in at byte 0 (locals: n, out, i, x, nn, r, constants…)
      const fn = (name: string, exp: number[], prologue: number[] = []) => ({
        name,
        params: 2,
        locals: [
          [1, wasm.I32],
          [3, wasm.V128],
          [EXP_CONSTANTS, wasm.V128],
        ] as const,
        body: [
          ...prologue,
          ...forRange(2, int(0), get(0), 4, [
            ...add(get(1), mul(get(2), int(4))),
            ...mul(get(2), int(4)),
            ...wasm.v128Load(0, 2),
            ...wasm.localSet(3),
            ...exp,
            ...v128Store(0, 2),
          ]),
          ...wasm.end,
        ],
      });
      const bytes = assembleSharedModule(
        [
          fn('inline', vectorExp(3, 4, 5)),
          fn('locals', vectorExp(3, 4, 5, 6), expConstants(6)),
          fn('first', firstForm(3, 4, 5)),
        ],
        4,
        4,
        EXP_GLOBALS,
      );
      const memory = new WebAssembly.Memory({ initial: 4, maximum: 4, shared: true });
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<
        string,
        (n: number, out: number) => void
      >;
      const n = 16384;
      const xs = new Float32Array(memory.buffer, 0, n);
      let seed = 12345;
      for (let i = 0; i < n; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        xs[i] = i % 2 ? -200 * (seed / 2 ** 32) ** 3 : 300 * (seed / 2 ** 32) - 200;
      }
      xs.set([0, -0, -Infinity, Infinity, NaN, 88, 88.5, 1e30, EXP_LOW, EXP_LOW - 1e-5, -1e-38, 1e-38]);
      const outs = ['inline', 'locals', 'first'].map((name, j) => {
        exports[name]!(n, 4 * n * (j + 1));
        return new Uint32Array(memory.buffer, 4 * n * (j + 1), n);
      });
      for (let i = 0; i < n; i++) {
        expect(outs[0]![i], `exp(${xs[i]})`).toBe(outs[2]![i]);
        expect(outs[1]![i], `exp(${xs[i]})`).toBe(outs[2]![i]);
      }
    },
  );
});

describe('fused vocabulary op', () => {
  for (const extreme of [false, true]) {
    it(`equals its float64 definition (${extreme ? 'extreme logits, ±1e4 scale' : 'random logits'}; 1 and 3 threads)`, () => {
      fc.assert(
        fc.property(caseArb(extreme), (c) => {
          const ref = vocabReference({ P: c.P, d: c.d, V: c.V }, c.h, c.E, c.b, c.targets, c.banned, c.dy);
          for (const kernel of [kernel1, kernel3]) {
            const got = runFused(kernel, c);
            expect(relErr(got.logp, ref.logp)).toBeLessThan(2e-5);
            expect(scaledErr(got.dh, ref.dh)).toBeLessThan(2e-5);
            expect(scaledErr(got.dE, ref.dE)).toBeLessThan(2e-5);
            expect(scaledErr(got.db, ref.db)).toBeLessThan(2e-5);
          }
        }),
        { numRuns: 60 },
      );
    });

    it(`equals the composed tfjs ops it replaces, values and gradients (${extreme ? 'extreme' : 'random'} logits)`, () => {
      fc.assert(
        fc.property(caseArb(extreme), (c) => {
          const h = tf.tensor2d(c.h, [c.P, c.d]);
          const E = tf.tensor2d(c.E, [c.V, c.d]);
          const b = tf.tensor1d(c.b);
          const dy = tf.tensor1d(c.dy);
          const run = (op: typeof vocabLogProbs) => {
            const value = op(h, E, b, c.targets, c.banned);
            const grads = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
              tf.sum(tf.mul(op(x as tf.Tensor2D, y as tf.Tensor2D, z as tf.Tensor1D, c.targets, c.banned), dy)),
            )([h, E, b]);
            return [value, ...grads].map((t) => t.dataSync());
          };
          const fused = run(vocabLogProbs);
          const composed = run(composedVocabLogProbs);
          tf.dispose([h, E, b, dy]);
          expect(relErr(fused[0]!, composed[0]!), 'log-probs').toBeLessThan(2e-5);
          expect(scaledErr(fused[1]!, composed[1]!), 'dh').toBeLessThan(2e-5);
          expect(scaledErr(fused[2]!, composed[2]!), 'dE').toBeLessThan(2e-5);
          expect(scaledErr(fused[3]!, composed[3]!), 'db').toBeLessThan(2e-5);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('gives log-probability exactly 0 and zero gradients for a row whose other items are all banned', () => {
    const c: Case = {
      P: 2,
      d: 3,
      V: 9,
      scale: 1,
      targets: Int32Array.from([4, 0]),
      h: Float32Array.from({ length: 6 }, (_, i) => Math.sin(i + 1) * 50),
      E: Float32Array.from({ length: 27 }, (_, i) => Math.cos(i) * 50),
      b: Float32Array.from({ length: 9 }, (_, i) => i * 1000),
      banned: { offsets: Int32Array.from([0, 8, 8]), items: Int32Array.from([0, 1, 2, 3, 5, 6, 7, 8]) },
      dy: Float32Array.from([1.5, -1]),
    };
    const got = runFused(kernel3, c);
    expect(got.logp[0]).toBe(0);
    for (let k = 0; k < 3; k++) expect(got.dh[k]).toBe(0);
    expect(Number.isFinite(got.logp[1]!)).toBe(true);
  });

  it("gives NaN log-probabilities for every row when an item's logit is NaN (a diverged step stays non-finite)", () => {
    const V = 13;
    const E = Float32Array.from({ length: V * 8 }, (_, i) => Math.cos(i));
    E[5 * 8 + 3] = NaN;
    const shape = { P: 3, d: 8, V };
    const h = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    for (const kernel of [kernel1, kernel3]) {
      const f = kernel.forward(shape, h, E, new Float32Array(V), Int32Array.from([0, 5, 12]));
      for (const x of f.logp) expect(x).toBeNaN();
    }
  });

  it('is bit-for-bit reproducible across runs for a thread count, and close across thread counts', () => {
    const c = fc.sample(caseArb(false), { numRuns: 1, seed: 42 })[0]!;
    const big: Case = { ...c, P: 57, d: 24, V: 301 };
    const rand = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + k) * 2);
    Object.assign(big, {
      h: rand(57 * 24, 1),
      E: rand(301 * 24, 2),
      b: rand(301, 3),
      dy: rand(57, 4),
      targets: Int32Array.from({ length: 57 }, (_, i) => (i * 37) % 301),
      banned: undefined,
    });
    const kernel2 = kernelWith(2);
    for (const kernel of [kernel1, kernel2, kernel3]) {
      const first = runFused(kernel, big);
      for (let run = 0; run < 3; run++) {
        const again = runFused(kernel, big);
        for (const key of ['logp', 'dh', 'dE', 'db'] as const)
          expect(Buffer.from(again[key].buffer).equals(Buffer.from(first[key].buffer)), key).toBe(true);
      }
    }
    const one = runFused(kernel1, big);
    const three = runFused(kernel3, big);
    expect(scaledErr(three.dh, one.dh)).toBeLessThan(1e-5);
    expect(Buffer.from(three.dE.buffer).equals(Buffer.from(one.dE.buffer))).toBe(true);
    expect(Buffer.from(three.logp.buffer).equals(Buffer.from(one.logp.buffer))).toBe(true);
  });

  it('gives the same bits whether the backward pass reads the kept logits or recomputes them', () => {
    fc.assert(
      fc.property(caseArb(false), caseArb(true), (c, other) => {
        for (const kernel of [kernel1, kernel3]) {
          const shape = { P: c.P, d: c.d, V: c.V };
          const f = kernel.forward(shape, c.h, c.E, c.b, c.targets, c.banned);
          expect(f.saved).toBeDefined();
          const kept = kernel.backward(shape, c.h, c.E, c.b, c.targets, c.banned, f, c.dy);
          const recomputed = kernel.backward(
            shape,
            c.h,
            c.E,
            c.b,
            c.targets,
            c.banned,
            { max: f.max, sum: f.sum },
            c.dy,
          );
          // two later forward calls take both slots: the first call's kept logits are gone, its backward recomputes
          for (let i = 0; i < 2; i++)
            kernel.forward(
              { P: other.P, d: other.d, V: other.V },
              other.h,
              other.E,
              other.b,
              other.targets,
              other.banned,
            );
          const stale = kernel.backward(shape, c.h, c.E, c.b, c.targets, c.banned, f, c.dy);
          for (const key of ['dh', 'dE', 'db'] as const) {
            expect(Buffer.from(recomputed[key].buffer).equals(Buffer.from(kept[key].buffer)), key).toBe(true);
            expect(Buffer.from(stale[key].buffer).equals(Buffer.from(kept[key].buffer)), key).toBe(true);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('rejects bad operands with one-line errors', () => {
    const shape = { P: 1, d: 2, V: 3 };
    const h = new Float32Array(2);
    const E = new Float32Array(6);
    const b = new Float32Array(3);
    expect(() => kernel1.forward(shape, h, E, b, Int32Array.from([3]))).toThrow(/target 3 of row 0/);
    expect(() =>
      kernel1.forward(shape, h, E, b, Int32Array.from([0]), {
        offsets: Int32Array.from([0, 3]),
        items: Int32Array.from([0, 1, 2]),
      }),
    ).toThrow(/every item banned/);
    expect(() => kernel1.forward(shape, h, E, new Float32Array(2), Int32Array.from([0]))).toThrow(/sizes/);
  });
});

describe('fused vocabulary op, other variants', () => {
  it('relaxed-SIMD products (f32x4.relaxed_madd, flag enabled at run time) equal the definition too', () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    const pool = new KernelPool(2);
    pools.push(pool);
    const relaxed = new VocabKernel(pool, true);
    fc.assert(
      fc.property(caseArb(false), (c) => {
        const ref = vocabReference({ P: c.P, d: c.d, V: c.V }, c.h, c.E, c.b, c.targets, c.banned, c.dy);
        const got = runFused(relaxed, c);
        expect(relErr(got.logp, ref.logp)).toBeLessThan(2e-5);
        for (const key of ['dh', 'dE', 'db'] as const) expect(scaledErr(got[key], ref[key]), key).toBeLessThan(2e-5);
      }),
      { numRuns: 20 },
    );
  });

  it('runs as a tfjs op on the wasm backend with the same values and gradients as the composed ops', async () => {
    await selectBackend('wasm');
    try {
      const c = fc.sample(caseArb(false), { numRuns: 1, seed: 7 })[0]!;
      const h = tf.tensor2d(c.h, [c.P, c.d]);
      const E = tf.tensor2d(c.E, [c.V, c.d]);
      const b = tf.tensor1d(c.b);
      const run = (op: typeof vocabLogProbs) =>
        tf
          .grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
            tf.sum(op(x as tf.Tensor2D, y as tf.Tensor2D, z as tf.Tensor1D, c.targets, c.banned)),
          )([h, E, b])
          .map((t) => t.dataSync());
      const fused = run(vocabLogProbs);
      const composed = run(composedVocabLogProbs);
      fused.forEach((g, i) => expect(scaledErr(g, composed[i]!)).toBeLessThan(2e-5));
      expect(
        relErr(
          vocabLogProbs(h, E, b, c.targets, c.banned).dataSync(),
          composedVocabLogProbs(h, E, b, c.targets, c.banned).dataSync(),
        ),
      ).toBeLessThan(2e-5);
    } finally {
      await selectBackend('cpu');
    }
  });
});

describe('kernel pool', () => {
  it('reports a trap on a worker thread as an error, and refuses work once disposed', async () => {
    const pool = new KernelPool(2);
    const kernel = new VocabKernel(pool, false);
    // a forward call to load the module, then a call with an out-of-bounds address on thread 1
    kernel.forward(
      { P: 1, d: 1, V: 2 },
      new Float32Array(1),
      new Float32Array(2),
      new Float32Array(2),
      Int32Array.from([1]),
    );
    const module = (kernel as unknown as { modules: Map<number, Parameters<KernelPool['run']>[0]> }).modules.get(8)!;
    const bad = [0x7ff0_0000, 0, 0, 0, 4, 0, 32, 0, 8];
    expect(() => pool.run(module, 'logits', [undefined, bad])).toThrow(/worker thread/);
    expect(() => pool.run(module, 'logits', [bad, undefined])).toThrow();
    await pool.dispose();
    expect(() => pool.run(module, 'logits', [undefined, undefined])).toThrow(/disposed/);
  });
});
