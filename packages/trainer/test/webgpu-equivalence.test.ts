import { Random } from '@bladerec/data';
import { describe, expect, it } from 'vitest';
import {
  gatherRows,
  PAD_TOKEN,
  selectBackend,
  selectedLogProbs,
  tf,
  type TransformerConfig,
  TransformerPolicy,
} from '../src/internal.js';
import { randomHistories, tinyModel } from './support.js';
import { webgpuSkipReason, webgpuSuite } from './webgpu-support.js';

const skip = await webgpuSkipReason();

const V = 40;
const K = 4;
const N = 3;
const config: TransformerConfig = {
  layers: 2,
  dModel: 16,
  heads: 2,
  ffnMultiplier: 2,
  context: 6,
  dropout: 0,
  initFromCatalog: false,
};

interface Outputs {
  logits: Float32Array;
  loss: number;
  grads: Map<string, Float32Array>;
  sampled: Int32Array;
  sampleLogProbs: Float32Array;
  listLogProbs: Float64Array;
  greedy: Int32Array;
  beam: Int32Array;
}

/** Every model output the trainer uses, for fixed weights and inputs, on one backend. */
async function outputs(backend: string): Promise<Outputs> {
  await selectBackend(backend);
  const model = tinyModel(V, 1, config);
  const rng = new Random(9);
  // teacher-forced batch with left padding (one row holds a single item)
  const lengths = [6, 5, 3, 1];
  const tokens = new Int32Array(lengths.length * config.context).fill(PAD_TOKEN);
  const positions: number[] = [];
  const labels: number[] = [];
  lengths.forEach((len, b) => {
    for (let j = config.context - len; j < config.context; j++) {
      tokens[b * config.context + j] = rng.nextInt(V);
      positions.push(b * config.context + j);
      labels.push(rng.nextInt(V));
    }
  });
  const batch = { batch: lengths.length, length: config.context, tokens };
  const logitsT = tf.tidy(() => model.logits(model.hidden(batch)));
  const logits = (await logitsT.data()) as Float32Array;
  logitsT.dispose();
  const { value, grads } = tf.variableGrads(() => {
    const h = gatherRows(model.hidden(batch), tf.tensor1d(positions, 'int32'));
    return tf.neg(tf.mean(selectedLogProbs(model.logits(h), tf.tensor1d(labels, 'int32')))) as tf.Scalar;
  }, model.variables());
  const loss = (await value.data())[0]!;
  const named = new Map<string, Float32Array>();
  for (const [name, v] of model.params) {
    if (grads[v.name]) named.set(name, (await grads[v.name]!.data()) as Float32Array);
  }
  tf.dispose([value, ...Object.values(grads)]);
  const policy = new TransformerPolicy(model);
  const contexts = randomHistories(6, V, 9, 4);
  const sampled = await policy.sample(contexts, { n: N, length: K, random: new Random(5) });
  const listLogProbs = await policy.logProb(contexts, sampled.lists, { rows: TransformerPolicy.repeatRows(6, N) });
  const greedy = await policy.decode(contexts, { length: K });
  const beam = await policy.decode(contexts, { length: K, beamWidth: 3 });
  model.dispose();
  return {
    logits,
    loss,
    grads: named,
    sampled: sampled.lists.items,
    sampleLogProbs: sampled.tokenLogProbs,
    listLogProbs,
    greedy: greedy.items,
    beam: beam.items,
  };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * Same weights and inputs on cpu and webgpu: logits and the SFT loss to 1e-5 relative, every gradient
 * to 1e-4 of its largest entry, token and list log-probabilities to 1e-4 absolute, and identical
 * sampled (seeded), greedy and beam-search lists. float32 on both sides; the differences come from
 * the order of summation in the GPU kernels (measured on lavapipe: ≤ 5e-6, most ≤ 1e-6).
 */
describe.skipIf(skip !== undefined)(webgpuSuite('webgpu backend against cpu', skip), () => {
  it('gives the same logits, loss, gradients, sampled and decoded lists (float32 tolerances)', async () => {
    const cpu = await outputs('cpu');
    const gpu = await outputs('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const report: Record<string, number> = {};
    report['logits'] = maxAbsDiff(gpu.logits, cpu.logits) / maxAbs(cpu.logits);
    report['loss'] = Math.abs(gpu.loss - cpu.loss) / Math.abs(cpu.loss);
    expect([...gpu.grads.keys()].sort()).toEqual([...cpu.grads.keys()].sort());
    for (const [name, g] of cpu.grads) {
      report[`grad ${name}`] = maxAbsDiff(gpu.grads.get(name)!, g) / Math.max(maxAbs(g), 1e-6);
    }
    report['sample token log-probs'] = maxAbsDiff(gpu.sampleLogProbs, cpu.sampleLogProbs);
    report['list log-probs'] = maxAbsDiff(gpu.listLogProbs, cpu.listLogProbs);
    expect(report['logits'], JSON.stringify(report)).toBeLessThan(1e-5);
    expect(report['loss']).toBeLessThan(1e-5);
    for (const name of cpu.grads.keys()) expect(report[`grad ${name}`], name).toBeLessThan(1e-4);
    expect(Array.from(gpu.sampled)).toEqual(Array.from(cpu.sampled));
    expect(report['sample token log-probs']).toBeLessThan(1e-4);
    expect(report['list log-probs']).toBeLessThan(1e-4);
    expect(Array.from(gpu.greedy)).toEqual(Array.from(cpu.greedy));
    expect(Array.from(gpu.beam)).toEqual(Array.from(cpu.beam));
  }, 300_000);
});
