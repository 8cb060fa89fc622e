import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, clipByGlobalNorm, clipByGlobalNormAsync, learningRateAt, selectBackend, tf } from '../src/internal.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('Adam', () => {
  it('applies bias-corrected steps and decoupled weight decay on matrices only, and round-trips its state', async () => {
    const w = tf.variable(tf.tensor2d([[1, -2]]), true, 'test/w');
    const b = tf.variable(tf.tensor1d([0.5]), true, 'test/b');
    const adam = new Adam(
      new Map<string, tf.Variable>([
        ['w', w],
        ['b', b],
      ]),
      { weightDecay: 0.1 },
    );
    adam.apply({ w: tf.tensor2d([[0.2, -0.4]]), b: tf.tensor1d([1]) }, 0.01);
    // step 1: m̂ = g, v̂ = g², update = g/(|g| + ε) = sign(g); w also decays by lr·λ·w
    expect(Array.from(w.dataSync())[0]).toBeCloseTo(1 - 0.01 * (1 + 0.1 * 1), 6);
    expect(Array.from(w.dataSync())[1]).toBeCloseTo(-2 - 0.01 * (-1 + 0.1 * -2), 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.5 - 0.01, 6);
    adam.apply({ w: tf.tensor2d([[0.2, -0.4]]), b: tf.tensor1d([-1]) }, 0.01);
    // step 2 for b: m = 0.9·1·0.1 ... m̂ = (0.1·1·0.9 + 0.1·(−1))/(1−0.81) ; v̂ = (0.001·0.999+0.001)/(1−0.998001)
    const m = (0.9 * 0.1 - 0.1) / (1 - 0.9 ** 2);
    const v = (0.999 * 0.001 + 0.001) / (1 - 0.999 ** 2);
    expect(b.dataSync()[0]).toBeCloseTo(0.49 - (0.01 * m) / (Math.sqrt(v) + 1e-8), 6);
    const state = await adam.save();
    const other = new Adam(
      new Map<string, tf.Variable>([
        ['w', w],
        ['b', b],
      ]),
    );
    other.load(state);
    expect((await other.save()).step).toBe(2);
    expect(Array.from((await other.save()).m.get('b')!)).toEqual(Array.from(state.m.get('b')!));
  });
});

describe('clipByGlobalNorm and the schedule', () => {
  it('scales all gradients by maxNorm / ‖g‖ only above the limit', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) };
    const { norm, grads: clipped } = clipByGlobalNorm(grads, 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(Array.from(clipped['a']!.dataSync())).toEqual([Math.fround(0.6), 0]);
    expect(clipByGlobalNorm(grads, 10).grads['a']).toBe(grads.a);
  });

  it('reads the norm asynchronously to the same result (the form that works on webgpu)', async () => {
    const grads = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`g${i}`, tf.tensor1d([i, -0.5 * i, 0.25])]));
    const sync = clipByGlobalNorm(grads, 2);
    const viaAsync = await clipByGlobalNormAsync(grads, 2);
    expect(viaAsync.norm).toBe(sync.norm);
    for (const name of Object.keys(grads))
      expect(Array.from(viaAsync.grads[name]!.dataSync())).toEqual(Array.from(sync.grads[name]!.dataSync()));
    expect((await clipByGlobalNormAsync(grads, 100)).grads['g3']).toBe(grads['g3']);
  });

  it('warms up linearly and decays to 10% of the peak with the cosine schedule', () => {
    expect(learningRateAt(0, 1, 10, 100, 'cosine')).toBeCloseTo(0.1);
    expect(learningRateAt(9, 1, 10, 100, 'cosine')).toBeCloseTo(1);
    expect(learningRateAt(10, 1, 10, 100, 'cosine')).toBeCloseTo(1);
    expect(learningRateAt(100, 1, 10, 100, 'cosine')).toBeCloseTo(0.1);
    expect(learningRateAt(55, 1, 10, 100, 'cosine')).toBeCloseTo(0.55);
    expect(learningRateAt(80, 1, 10, 100, 'constant')).toBe(1);
  });
});
