import { fc } from '@fast-check/vitest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, SftTrainer, tf } from '../src/internal.js';
import { KernelPool } from '../src/kernels/kernel-pool.js';
import { MatMulKernel } from '../src/kernels/matmul-kernel.js';
import { sharedMatMulKernel } from '../src/kernels/vocab-kernel.js';
import { kernelMatMul, kernelMatMulApplies } from '../src/model/ops/kernel-mat-mul.js';
import { matMul } from '../src/model/ops/mat-mul.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';
import { xorshift32 } from './support.js';

/**
 * The dense projections' GEMM (`BLADE_MATMUL_KERNEL=1`): bit for bit the products of tfjs-wasm's `matMul`
 * (XNNPACK sums each entry in the order of k, as the kernel does), forward and both gradients, on random
 * shapes and thread counts; and an SFT run with it on the same losses as without.
 */

beforeAll(async () => {
  await selectBackend('wasm');
});
afterEach(() => {
  delete process.env['BLADE_MATMUL_KERNEL'];
});

/** A seeded float32 array of values in `±scale`. */
function values(n: number, seed: number, scale: number): Float32Array {
  const next = xorshift32(seed);
  return Float32Array.from({ length: n }, () => scale * (2 * next() - 1));
}

/** Whether two float32 arrays hold the same bits. */
const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length &&
  new Uint32Array(a.buffer, a.byteOffset, a.length).every(
    (x, i) => x === new Uint32Array(b.buffer, b.byteOffset, b.length)[i],
  );

const shapes = fc.record({
  M: fc.integer({ min: 1, max: 70 }),
  K: fc.integer({ min: 1, max: 12 }).map((k) => 8 * k),
  N: fc.integer({ min: 1, max: 12 }).map((n) => 8 * n),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  scale: fc.constantFrom(1e-3, 1, 1e3),
});

describe('GEMM kernel of the dense projections', () => {
  it('equals tfjs-wasm matMul bit for bit: A·B and Aᵀ·B, on 1, 2 and 3 threads', async () => {
    const pools = [1, 2, 3].map((t) => new MatMulKernel(new KernelPool(t)));
    try {
      fc.assert(
        fc.property(shapes, ({ M, K, N, seed, scale }) => {
          const A = values(M * K, seed, scale);
          const B = values(K * N, seed + 1, 1);
          const product = (x: Float32Array, rows: number, inner: number, y: Float32Array, cols: number) =>
            tf.tidy(
              () => tf.matMul(tf.tensor2d(x, [rows, inner]), tf.tensor2d(y, [inner, cols])).dataSync() as Float32Array,
            );
          const want = product(A, M, K, B, N);
          const At = tf.tidy(() => tf.transpose(tf.tensor2d(A, [M, K])).dataSync() as Float32Array);
          // Aᵀ·C for C [M, N]: the weight gradient's product
          const C = values(M * N, seed + 2, 1);
          const wantT = product(At, K, M, C, N);
          for (const kernel of pools) {
            expect(sameBits(kernel.multiply(A, B, M, K, N), want)).toBe(true);
            expect(sameBits(kernel.multiply(A, C, K, M, N, true), wantT)).toBe(true);
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      await Promise.all(pools.map((k) => k.pool.dispose()));
    }
  });

  it('the op: value and both gradients equal the composed matMul bit for bit', () => {
    process.env['BLADE_MATMUL_KERNEL'] = '1';
    fc.assert(
      fc.property(shapes, ({ M, K, N, seed, scale }) => {
        const a = tf.tensor2d(values(M * K, seed, scale), [M, K]);
        const w = tf.tensor2d(values(K * N, seed + 1, 1), [K, N]);
        const dy = tf.tensor2d(values(M * N, seed + 2, 1), [M, N]);
        expect(kernelMatMulApplies(a, w)).toBe(true);
        const run = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => {
          const { value, grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => tf.mul(f(x, y), dy))([a, w]);
          const out = [value, ...grads].map((t) => t.dataSync() as Float32Array);
          tf.dispose([value, ...grads]);
          return out;
        };
        const fused = run((x, y) => kernelMatMul(x as tf.Tensor2D, y as tf.Tensor2D));
        const composed = run((x, y) => matMul(x as tf.Tensor2D, y));
        fused.forEach((x, i) => expect(sameBits(x, composed[i]!)).toBe(true));
        tf.dispose([a, w, dy]);
      }),
      { numRuns: 25 },
    );
  });

  it('is off by default and needs widths that are multiples of 8', () => {
    const a = tf.zeros([4, 16]);
    const w = tf.zeros([16, 12]);
    const w8 = tf.zeros([16, 8]);
    expect(kernelMatMulApplies(a, w8)).toBe(false);
    process.env['BLADE_MATMUL_KERNEL'] = '1';
    expect(kernelMatMulApplies(a, w8)).toBe(true);
    expect(kernelMatMulApplies(a, w)).toBe(false);
    tf.dispose([a, w, w8]);
  });

  it('an SFT run has the same losses bit for bit with and without it', async () => {
    const losses = async () => {
      const loss: number[] = [];
      await new SftTrainer({
        config: tinySftConfig({ evalEvery: 100, steps: 4 }),
        model: tinyModelConfig,
        dataset: tinyDataset(),
        evaluator: evaluator(),
        callbacks: [
          {
            onLog: (r) => void (typeof r['train/loss'] === 'number' && loss.push(r['train/loss'] as number)),
          },
        ],
      }).train();
      return loss;
    };
    const composed = await losses();
    process.env['BLADE_MATMUL_KERNEL'] = '1';
    const calls = sharedMatMulKernel().timing.calls;
    const fused = await losses();
    expect(sharedMatMulKernel().timing.calls).toBeGreaterThan(calls);
    expect(fused.length).toBeGreaterThan(0);
    expect(fused).toEqual(composed);
  }, 120_000);
});
