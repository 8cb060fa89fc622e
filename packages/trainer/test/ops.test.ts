import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, layerNorm, matMul, outputLogits, selectBackend, selectedLogProbs, tf } from '../src/internal.js';
import { gelu } from '../src/model/ops/gelu.js';

/**
 * The hand-written gradients must equal tfjs' own gradients of the same computation. The cpu
 * backend has every kernel those need (`UnsortedSegmentSum` for gather), so it is the reference.
 */
beforeAll(async () => {
  await selectBackend('cpu');
});

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-4) => {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++)
    expect(Math.abs(x[i]! - y[i]!), `element ${i}: ${x[i]} vs ${y[i]}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(y[i]!)),
    );
};
const rand = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('custom-gradient ops agree with tfjs autodiff', () => {
  it('matMul (2-D and batched 3-D)', () => {
    for (const [sa, sb] of [
      [
        [5, 3],
        [3, 4],
      ],
      [
        [2, 5, 3],
        [2, 3, 4],
      ],
    ] as const) {
      const a = rand([...sa], 1);
      const b = rand([...sb], 2);
      const w = rand([...sa.slice(0, -1), sb[sb.length - 1]!], 3);
      const f = (mm: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) =>
        tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x, y), w)))([a, b]);
      const ours = f((x, y) => matMul(x, y));
      const ref = f((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D));
      close(ours[0]!, ref[0]!);
      close(ours[1]!, ref[1]!);
      close(matMul(a, b), tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
    }
  });

  it('gatherRows, with repeated indices', () => {
    const table = rand([6, 3], 4);
    const idx = tf.tensor1d([0, 2, 2, 5, 0], 'int32');
    const w = rand([5, 3], 5);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, idx), w)))(table);
    const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), w)))(table);
    close(ours, ref);
  });

  it('selectedLogProbs equals log-softmax picked at the targets, with and without a mask', () => {
    const logits = tf.mul(rand([4, 7], 6), 3);
    const targets = tf.tensor1d([0, 3, 6, 2], 'int32');
    const mask = tf.tensor2d(
      Array.from({ length: 28 }, (_, i) => (i % 5 === 1 ? -1e9 : 0)),
      [4, 7],
    );
    const coef = tf.tensor1d([1, -2, 0.5, 3]);
    for (const m of [undefined, mask]) {
      const ref = (z: tf.Tensor) =>
        tf.sum(tf.mul(tf.sum(tf.mul(tf.logSoftmax(m ? tf.add(z, m) : z), tf.oneHot(targets, 7)), 1), coef));
      const ours = (z: tf.Tensor) => tf.sum(tf.mul(selectedLogProbs(z as tf.Tensor2D, targets, m), coef));
      close(ours(logits), ref(logits), 1e-5);
      close(tf.grad(ours)(logits), tf.grad(ref)(logits), 1e-5);
    }
  });

  it('outputLogits (tied output layer with bias)', () => {
    const h = rand([5, 4], 7);
    const e = rand([9, 4], 8);
    const b = rand([9], 9);
    const w = rand([5, 9], 10);
    const f = (out: (h: tf.Tensor, e: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(out(x, y, z), w)))([h, e, b]);
    const ours = f((x, y, z) => outputLogits(x as tf.Tensor2D, y as tf.Tensor2D, z as tf.Tensor1D));
    const ref = f((x, y, z) => tf.add(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, false, true), z));
    ours.forEach((g, i) => close(g, ref[i]!));
  });

  it('gelu is the tanh approximation, and layerNorm normalises rows', () => {
    const x = tf.linspace(-4, 4, 33);
    const ref = tf.mul(
      tf.mul(x, 0.5),
      tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1),
    );
    close(gelu(x), ref, 1e-5);
    const y = layerNorm(rand([3, 8], 11), tf.ones([8]) as tf.Tensor1D, tf.zeros([8]) as tf.Tensor1D);
    const { mean, variance } = tf.moments(y, -1);
    close(mean, tf.zeros([3]), 1e-5);
    close(variance, tf.ones([3]), 1e-3);
  });
});
