import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PooledPriorStore } from '@bladerec/estimators';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlignmentTrainer, loadModel, readCheckpoint, selectBackend, type Transformer } from '../src/index.js';
import { alignConfig, alignContainer, alignData, tinySft } from './align-fixtures.js';

/** BLADE with the `pooled` prior store through the alignment trainer (the store itself: estimators tests). */
let data: ReturnType<typeof alignData>;
let init: Transformer;

beforeAll(async () => {
  await selectBackend('wasm');
  data = alignData();
  init = await tinySft(data);
}, 60_000);

const POOLED = { prior: { kind: 'pooled', options: { eta: 0.2, kappa: 2, poolEta: 0.3 } } };

const run = (overrides: Record<string, unknown>, runDir: string, resume = false) => {
  const { evaluator, objectives, components } = alignContainer();
  return new AlignmentTrainer({
    config: alignConfig('blade', { ...POOLED, ...overrides }),
    objective: objectives.create({ terms: ['ndcg@5'] }),
    data,
    init,
    evaluator,
    components,
    runDir,
    resume,
    callbacks: [],
  }).train();
};

describe('BLADE with the pooled prior', () => {
  it('checkpoints the pool and resumes to exactly the uninterrupted result', async () => {
    const a = mkdtempSync(join(tmpdir(), 'pooled-a-'));
    await run({ steps: 4, checkpointEvery: 2 }, a);
    const b = mkdtempSync(join(tmpdir(), 'pooled-b-'));
    await run({ steps: 2, checkpointEvery: 2 }, b);
    const state = readCheckpoint<{ prior: { kind: string; data: unknown } }>(join(b, 'checkpoint.bct')).state.prior;
    expect(state.kind).toBe('pooled');
    // after two steps the pool has left Uniform(0, 1): the policy's rewards differ from the reference's
    const store = new PooledPriorStore({
      maxSize: 256,
      eta: 0.2,
      smoothing: 'none',
      kappa: 2,
      poolEta: 0.3,
      poolBins: 960,
    });
    store.load(state);
    store.prior(0);
    const drift = Math.max(...Array.from({ length: 21 }, (_, i) => Math.abs(store.poolCdf.at(i / 20) - i / 20)));
    expect(drift).toBeGreaterThan(1e-6);
    await run({ steps: 4, checkpointEvery: 2 }, b, true);
    const wa = await loadModel(join(a, 'model.bct')).model.values();
    const wb = await loadModel(join(b, 'model.bct')).model.values();
    for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
    const pa = readCheckpoint<{ prior: unknown }>(join(a, 'checkpoint.bct')).state.prior;
    const pb = readCheckpoint<{ prior: unknown }>(join(b, 'checkpoint.bct')).state.prior;
    expect(pb).toEqual(pa);
  }, 120_000);
});
