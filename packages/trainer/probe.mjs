import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
const ok = await tf.setBackend(process.argv[2] ?? 'wasm');
await tf.ready();
console.log('backend', tf.getBackend(), ok);
const time = (name, fn, n = 20) => {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const dt = (performance.now() - t0) / n;
  console.log(name, dt.toFixed(3), 'ms');
};
const a = tf.randomNormal([64, 64]);
const b = tf.randomNormal([64, 64]);
time('small add (dispatch)', () => tf.tidy(() => tf.add(a, b).dataSync()), 500);
time(
  '100 small adds',
  () =>
    tf.tidy(() => {
      let x = a;
      for (let i = 0; i < 100; i++) x = tf.add(x, b);
      return x.dataSync();
    }),
  20,
);
const X = tf.randomNormal([768, 64]);
const W = tf.randomNormal([64, 4100]);
time('matMul 768x64x4100', () => tf.tidy(() => tf.matMul(X, W).dataSync()));
const Wt = tf.randomNormal([4100, 64]);
time('matMul transposeB', () => tf.tidy(() => tf.matMul(X, Wt, false, true).dataSync()));
const G = tf.randomNormal([768, 4100]);
time('matMul dX = G Wt', () => tf.tidy(() => tf.matMul(G, Wt).dataSync()));
const Xt = tf.randomNormal([64, 768]);
time('matMul dW = Xt G', () => tf.tidy(() => tf.matMul(Xt, G).dataSync()));
time('transpose 768x4100', () => tf.tidy(() => tf.transpose(G).dataSync()));
time('logSoftmax 768x4100', () => tf.tidy(() => tf.logSoftmax(G).dataSync()));
const L = tf.randomNormal([64, 4100]);
time('matMul 64x64x4100', () => tf.tidy(() => tf.matMul(tf.randomNormal([64, 64]), W).dataSync()), 50);
time(
  'argMax gumbel 64x4100',
  () =>
    tf.tidy(() => {
      const u = tf.randomUniform([64, 4100], 1e-9, 1);
      return tf.argMax(tf.sub(L, tf.log(tf.neg(tf.log(u)))), 1).dataSync();
    }),
  50,
);
