import { fc } from '@fast-check/vitest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Adam, selectBackend, tf } from '../src/internal.js';
import { AdamKernel } from '../src/kernels/adam-kernel.js';
import { DenseKernels } from '../src/kernels/dense-kernel.js';
import { adamReference, biasGeluReference, layerNormReference } from '../src/kernels/dense-reference.js';
import { alibiSlopes, attentionBias } from '../src/model/alibi.js';
import { attention, attentionBiasOf, composedAttention } from '../src/model/ops/attention.js';
import { gatherRows, lookupRows } from '../src/model/ops/gather-rows.js';
import { biasGelu, gelu } from '../src/model/ops/gelu.js';
import { composedLayerNorm, layerNorm } from '../src/model/ops/layer-norm.js';
import { xorshift32 } from './support.js';

/**
 * The dense kernels (layer norm, bias + GELU, AdamW) against their float64 definitions and against the
 * composed tfjs ops they replace, on random shapes and scales, extreme values included.
 */

beforeAll(async () => {
  await selectBackend('cpu');
});
afterEach(() => {
  delete process.env['BLADE_FUSED_KERNELS'];
});

/** A seeded float32 array: normal-ish values times `scale` (plus `offset`). */
function values(n: number, seed: number, scale: number, offset = 0): Float32Array {
  const next = xorshift32(seed);
  return Float32Array.from({ length: n }, () => offset + scale * (next() + next() + next() - 1.5) * 2);
}

/** max |a − b| / max(max |b|, floor): the error relative to the reference's scale (at least `floor`). */
function maxAbsErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  for (let i = 0; i < b.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
  return err;
}

function scaledErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-30): number {
  let err = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  if (a.length !== b.length) return Infinity;
  return err / scale;
}

const shapeArb = (maxWidth: number) =>
  fc.record({
    rows: fc.integer({ min: 1, max: 17 }),
    width: fc.integer({ min: 1, max: maxWidth }).map((w) => 4 * w),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    scale: fc.constantFrom(1e-3, 1, 30, 1e4),
  });

/** Value and gradients (w.r.t. every input) of `op` for upstream `dy`, as arrays. */
function valueAndGrads(op: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], dy: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => op(...xs))(inputs, dy);
    return [value.dataSync() as Float32Array, ...grads.map((g) => g.dataSync() as Float32Array)];
  });
}

describe('layer norm kernel', () => {
  it('equals its float64 definition and the composed tfjs ops, values and all three gradients', () => {
    fc.assert(
      fc.property(shapeArb(16), fc.boolean(), ({ rows, width: d, seed, scale }, constantRow) => {
        const xv = values(rows * d, seed, scale);
        // zero variance (rstd = 1/√ε); a power of two, so that the mean is exact and x − μ exactly 0
        if (constantRow) xv.fill(2 ** Math.round(Math.log2(scale)), 0, d);
        const gv = values(d, seed + 1, 1);
        const bv = values(d, seed + 2, 1);
        const dyv = values(rows * d, seed + 3, 1);
        const x = tf.tensor2d(xv, [rows, d]);
        const g = tf.tensor1d(gv);
        const b = tf.tensor1d(bv);
        const dy = tf.tensor2d(dyv, [rows, d]);
        const fused = valueAndGrads((a, c, e) => layerNorm(a, c as tf.Tensor1D, e as tf.Tensor1D), [x, g, b], dy);
        const composed = valueAndGrads(
          (a, c, e) => composedLayerNorm(a, c as tf.Tensor1D, e as tf.Tensor1D),
          [x, g, b],
          dy,
        );
        const ref = layerNormReference(xv, gv, bv, rows, d, 1e-5, dyv);
        const refs = [ref.y, ref.dx, ref.dgamma, ref.dbeta];
        // the gradient w.r.t. x is amplified by rstd (up to 1/√ε ≈ 316 on a constant row)
        const tolerance = [1e-5, 2e-4, 1e-5, 1e-5];
        refs.forEach((r, i) => {
          expect(scaledErr(fused[i]!, r), `reference ${i}`).toBeLessThan(tolerance[i]!);
          expect(scaledErr(fused[i]!, composed[i]!), `composed ${i}`).toBeLessThan(tolerance[i]!);
        });
        tf.dispose([x, g, b, dy]);
      }),
      { numRuns: 40 },
    );
  });

  it('is bit-for-bit reproducible across calls and kernel instances', async () => {
    const other = new DenseKernels();
    const x = values(9 * 24, 5, 3);
    const g = values(24, 6, 1);
    const b = values(24, 7, 1);
    const first = other.layerNormForward(x, g, b, 9, 24, 1e-5);
    const again = other.layerNormForward(x, g, b, 9, 24, 1e-5);
    expect(again.y).toEqual(first.y);
    const dy = values(9 * 24, 8, 1);
    const back = other.layerNormBackward(dy, x, g, first.mean, first.rstd, 9, 24);
    expect(other.layerNormBackward(dy, x, g, first.mean, first.rstd, 9, 24)).toEqual(back);
    await other.pool.dispose();
  });

  it('falls back to the composed ops for a width that is not a multiple of 4, and refuses bad shapes', () => {
    const x = tf.tensor2d(values(3 * 6, 9, 2), [3, 6]);
    const g = tf.ones([6]) as tf.Tensor1D;
    const b = tf.zeros([6]) as tf.Tensor1D;
    expect(layerNorm(x, g, b).dataSync()).toEqual(composedLayerNorm(x, g, b).dataSync());
    const kernels = new DenseKernels();
    expect(() =>
      kernels.layerNormForward(new Float32Array(18), new Float32Array(6), new Float32Array(6), 3, 6, 1e-5),
    ).toThrow(/multiple of 4/);
    expect(() => kernels.geluForward(new Float32Array(7), new Float32Array(4), 2, 4)).toThrow(/7 entries, expected 8/);
    void kernels.pool.dispose();
  });
});

describe('bias + GELU kernel', () => {
  it('equals its float64 definition and gelu(x + b) composed of tfjs ops, values and both gradients', () => {
    fc.assert(
      fc.property(shapeArb(40), ({ rows, width: n, seed, scale }) => {
        const xv = values(rows * n, seed, scale);
        const bv = values(n, seed + 1, scale);
        const dyv = values(rows * n, seed + 2, 1);
        const x = tf.tensor2d(xv, [rows, n]);
        const b = tf.tensor1d(bv);
        const dy = tf.tensor2d(dyv, [rows, n]);
        const fused = valueAndGrads((a, c) => biasGelu(a as tf.Tensor2D, c as tf.Tensor1D), [x, b], dy);
        const composed = valueAndGrads((a, c) => gelu(tf.add(a, c)), [x, b], dy);
        const ref = biasGeluReference(xv, bv, rows, n, dyv);
        [ref.y, ref.dx, ref.db].forEach((r, i) => {
          expect(scaledErr(fused[i]!, r), `reference ${i}`).toBeLessThan(1e-5);
          expect(scaledErr(fused[i]!, composed[i]!), `composed ${i}`).toBeLessThan(1e-5);
        });
        tf.dispose([x, b, dy]);
      }),
      { numRuns: 40 },
    );
  });

  it('saturates cleanly: gelu(u) = u far right, 0 far left, no NaN up to |u| = 1e12', () => {
    const k = new DenseKernels();
    const x = Float32Array.from([1e12, -1e12, 50, -50, 0, 1e-30, -1e-30, 3]);
    const y = k.geluForward(x, new Float32Array(4), 2, 4);
    expect(y[0]).toBe(Math.fround(1e12));
    expect(y[1]).toBe(-0);
    expect(y[2]).toBe(50);
    expect(Math.abs(y[3]!)).toBeLessThan(1e-30);
    expect(y[4]).toBe(0);
    const { dx } = k.geluBackward(new Float32Array(8).fill(1), x, new Float32Array(4), 2, 4);
    for (const v of dx) expect(Number.isFinite(v)).toBe(true);
    expect(dx[0]).toBe(1);
    expect(Math.abs(dx[1]!)).toBe(0);
    void k.pool.dispose();
  });
});

describe('attention kernel', () => {
  it(
    'equals the composed tfjs ops (heads split, q·kᵀ, scale, ALiBi/window/padding bias, softmax, ·v), ' +
      'values and the gradients of q, k and v',
    () => {
      fc.assert(
        fc.property(
          fc.record({
            B: fc.integer({ min: 1, max: 4 }),
            T: fc.integer({ min: 1, max: 13 }),
            H: fc.integer({ min: 1, max: 4 }),
            dh: fc.integer({ min: 1, max: 5 }).map((x) => 4 * x),
            context: fc.integer({ min: 1, max: 14 }),
            seed: fc.integer({ min: 1, max: 2 ** 30 }),
            scale: fc.constantFrom(0.1, 1, 8),
            padded: fc.boolean(),
          }),
          ({ B, T, H, dh, context, seed, scale, padded }) => {
            // left padding in every other sequence: those keys are masked (a padded query still sees itself)
            const keyValid = Uint8Array.from({ length: B * T }, (_, i) =>
              padded && ((i / T) | 0) % 2 === 1 && i % T < T / 2 ? 0 : 1,
            );
            const bias = attentionBias(B, H, alibiSlopes(H), 0, T, T, context, keyValid);
            // extreme scores (scale 8: up to ≈ ±2300) on an integer grid with √dh a power of 2, so that the scores
            // are exact in float32 and only the softmax arithmetic is compared
            const extreme = scale > 1;
            if (extreme) dh = dh <= 8 ? 4 : 16;
            const width = H * dh;
            const n = B * T * width;
            const [q, k, v] = [0, 1, 2].map((i) =>
              tf.tensor2d(
                values(n, seed + i, scale).map((x) => (extreme && i < 2 ? Math.round(x) : x)),
                [B * T, width],
              ),
            );
            const dy = tf.tensor2d(values(n, seed + 3, 1), [B * T, width]);
            const fused = valueAndGrads(
              (a, b, c) =>
                attention(
                  a as tf.Tensor2D,
                  b as tf.Tensor2D,
                  c as tf.Tensor2D,
                  attentionBiasOf(bias, [B * H, T, T]),
                  B,
                  T,
                  H,
                  true,
                ),
              [q!, k!, v!],
              dy,
            );
            const composed = valueAndGrads(
              (a, b, c) =>
                composedAttention(
                  a as tf.Tensor2D,
                  b as tf.Tensor2D,
                  c as tf.Tensor2D,
                  tf.tensor3d(bias, [B * H, T, T]),
                  B,
                  T,
                  H,
                  true,
                ),
              [q!, k!, v!],
              dy,
            );
            // a saturated softmax leaves dq and dk at the rounding noise of dp − Σ p·dp (cancellation) in both
            // implementations: measure them against their natural magnitude |dO|·|v|·|k or q|·√dh
            const maxAbs = (t: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0]!);
            const natural = maxAbs(dy) * maxAbs(v!) * Math.max(maxAbs(q!), maxAbs(k!)) * Math.sqrt(dh);
            const floors = [0, natural, natural, 0];
            for (let i = 0; i < 4; i++) {
              expect(scaledErr(fused[i]!, composed[i]!, floors[i]), `output ${i}`).toBeLessThan(2e-5);
            }
            tf.dispose([q!, k!, v!, dy]);
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});

describe('host row gather', () => {
  it('equals tf.gather with the scatterND gradient (duplicates sum; a negative index is a zero row)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: -1, max: 8 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (rows, width, raw, seed) => {
          const idx = Int32Array.from(raw, (i) => Math.min(i, rows - 1));
          const table = tf.tensor2d(values(rows * width, seed, 1), [rows, width]);
          const dy = tf.tensor2d(values(idx.length * width, seed + 1, 1), [idx.length, width]);
          const host = valueAndGrads((t) => lookupRows(t as tf.Tensor2D, idx), [table], dy);
          process.env['BLADE_FUSED_KERNELS'] = '0';
          const composed = valueAndGrads((t) => lookupRows(t as tf.Tensor2D, idx), [table], dy);
          const plain = idx.every((i) => i >= 0)
            ? valueAndGrads((t) => gatherRows(t as tf.Tensor2D, tf.tensor1d(idx, 'int32')), [table], dy)
            : undefined;
          delete process.env['BLADE_FUSED_KERNELS'];
          expect(host[0]).toEqual(composed[0]);
          expect(scaledErr(host[1]!, composed[1]!)).toBeLessThan(1e-6);
          if (plain) {
            expect(plain[0]).toEqual(host[0]);
            expect(scaledErr(host[1]!, plain[1]!)).toBeLessThan(1e-6);
          }
          tf.dispose([table, dy]);
        },
      ),
      { numRuns: 40 },
    );
    expect(() => lookupRows(tf.zeros([2, 3]) as tf.Tensor2D, Int32Array.from([2]))).toThrow(/index 2 is not below 2/);
  });
});

describe('AdamW kernel', () => {
  const hyper = (step: number) => ({
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.05,
    learningRate: 3e-3,
    step,
  });

  it('equals its float64 definition over several steps (sizes not a multiple of 4 included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 37 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.constantFrom(1e-6, 1, 1e3),
        async (sizes, seed, scale) => {
          const kernel = new AdamKernel(sizes);
          const state = sizes.map((n, i) => ({
            p: values(n, seed + i, 1),
            m: new Float64Array(n),
            v: new Float64Array(n),
          }));
          for (let step = 1; step <= 3; step++) {
            sizes.forEach((n, i) => {
              const g = values(n, seed * 7 + step * 13 + i, scale);
              const decay = i % 2 === 0;
              const ref = adamReference(state[i]!.p, g, state[i]!.m, state[i]!.v, hyper(step), decay);
              const next = kernel.update(i, state[i]!.p, g, hyper(step), decay);
              expect(scaledErr(next, ref.p)).toBeLessThan(1e-6);
              const { m, v } = kernel.moments(i);
              // m = β1·m + (1 − β1)·g cancels when g opposes m: float32 rounds each term, so the error is
              // relative to the terms' magnitudes, not to |m| (e.g. −1.3e-7 + 1.29e-7 = −1.2e-9)
              const terms = Float64Array.from(g, (gj, j) => 0.9 * Math.abs(state[i]!.m[j]!) + 0.1 * Math.abs(gj));
              expect(maxAbsErr(m, ref.m) / Math.max(...terms, 1e-30)).toBeLessThan(1e-6);
              expect(scaledErr(v, ref.v)).toBeLessThan(1e-5);
              state[i] = { p: next, m: Float64Array.from(m), v: Float64Array.from(v) };
            });
          }
          await kernel.dispose();
        },
      ),
      // the first example: a gradient that cancels the first moment (it failed the |m|-relative bound)
      { numRuns: 25, examples: [[[1], 801107824, 1e-6]] },
    );
  });

  /** Three Adam steps on a matrix and a vector (the vector's gradient absent in step 2); `fused` per step. */
  async function trajectory(fused: boolean[], seed: number) {
    const w = tf.variable(tf.tensor2d(values(15, seed, 1), [3, 5]), true, `adam-test/w${seed}/${fused.join('')}`);
    const b = tf.variable(tf.tensor1d(values(6, seed + 1, 1)), true, `adam-test/b${seed}/${fused.join('')}`);
    const adam = new Adam(
      new Map<string, tf.Variable>([
        ['w', w],
        ['b', b],
      ]),
      { weightDecay: 0.1 },
    );
    for (let step = 0; step < fused.length; step++) {
      if (!fused[step]) process.env['BLADE_FUSED_KERNELS'] = '0';
      else delete process.env['BLADE_FUSED_KERNELS'];
      const grads: Record<string, tf.Tensor> = { w: tf.tensor2d(values(15, seed + 10 * step, 0.3), [3, 5]) };
      if (step !== 1) grads['b'] = tf.tensor1d(values(6, seed + 10 * step + 1, 2));
      adam.apply(grads, 1e-2);
      tf.dispose(Object.values(grads));
    }
    delete process.env['BLADE_FUSED_KERNELS'];
    const out = { w: w.dataSync().slice(), b: b.dataSync().slice(), state: await adam.save() };
    adam.dispose();
    w.dispose();
    b.dispose();
    return out;
  }

  it('gives Adam.apply the same parameters and moments as the composed tfjs update, across a switch of path', async () => {
    for (const seed of [3, 11]) {
      const composed = await trajectory([false, false, false], seed);
      for (const mix of [
        [true, true, true],
        [true, false, true],
        [false, true, true],
      ]) {
        const got = await trajectory(mix, seed);
        expect(scaledErr(got.w, composed.w), mix.join()).toBeLessThan(1e-6);
        expect(scaledErr(got.b, composed.b), mix.join()).toBeLessThan(1e-6);
        expect(got.state.step).toBe(3);
        for (const name of ['w', 'b']) {
          expect(scaledErr(got.state.m.get(name)!, composed.state.m.get(name)!)).toBeLessThan(1e-6);
          expect(scaledErr(got.state.v.get(name)!, composed.state.v.get(name)!)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('saves and loads the moments it keeps (a loaded optimizer continues identically)', async () => {
    const make = (tag: string) => {
      const w = tf.variable(tf.tensor2d(values(8, 4, 1), [2, 4]), true, `adam-load/${tag}`);
      return { w, adam: new Adam(new Map([['w', w]]), { weightDecay: 0.01 }) };
    };
    const a = make('a');
    const g = () => ({ w: tf.tensor2d(values(8, 9, 1), [2, 4]) });
    a.adam.apply(g(), 1e-2);
    a.adam.apply(g(), 1e-2);
    const state = await a.adam.save();
    const b = make('b');
    b.adam.apply(g(), 1e-2); // moves b's moments into its kernel; the load overwrites them
    b.adam.load(state);
    b.w.assign(a.w);
    a.adam.apply(g(), 1e-2);
    b.adam.apply(g(), 1e-2);
    expect(b.w.dataSync()).toEqual(a.w.dataSync());
    for (const x of [a, b]) {
      x.adam.dispose();
      x.w.dispose();
    }
  });
});
