import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mixSeeds, Random } from '@bladerec/data';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALGORITHMS,
  AlignmentTrainer,
  ContextOrder,
  loadModel,
  selectBackend,
  type Transformer,
} from '../src/internal.js';
import { alignConfig, alignContainer, alignData, tinySft } from './align-fixtures.js';

let data: ReturnType<typeof alignData>;
let init: Transformer;

beforeAll(async () => {
  await selectBackend('wasm');
  data = alignData();
  init = await tinySft(data);
}, 60_000);

const run = async (
  algorithm: (typeof ALGORITHMS)[number],
  overrides: Record<string, unknown>,
  extra: { runDir?: string; resume?: boolean } = {},
) => {
  const { evaluator, objectives, components } = alignContainer();
  const records: Record<string, number>[] = [];
  const result = await new AlignmentTrainer({
    config: alignConfig(algorithm, overrides),
    objective: objectives.create({ terms: ['ndcg@5'] }),
    data,
    init,
    evaluator,
    components,
    ...extra,
    callbacks: [{ onLog: (r) => void ('train/loss' in r && records.push(r as Record<string, number>)) }],
  }).train();
  return { result, records };
};

describe('context order', () => {
  it('visits the same contexts as reshuffling the whole split at every position did, building each pass once', () => {
    const size = 7;
    const order = new ContextOrder(size, 11);
    const before = (p: number) =>
      new Random(mixSeeds(11, Math.floor(p / size) + 1)).shuffle(Array.from({ length: size }, (_, i) => i))[p % size]!;
    for (let p = 0; p < 5 * size; p++) expect(order.at(p)).toBe(before(p));
    expect(new Set(Array.from({ length: size }, (_, p) => order.at(size + p))).size).toBe(size);
  });
});

describe('sample budget and dynamic sampling', () => {
  it('counts every rollout exactly: policy groups drawn × N, plus the reference-best and anchor samples', async () => {
    const B = 8;
    const N = 4;
    for (const [algorithm, perGroupExtra] of [
      ['rloo', 0],
      ['bond', N],
      ['jbond', 2],
    ] as const) {
      const groupSize = algorithm === 'jbond' ? 2 : N;
      const { records, result } = await run(algorithm, {
        steps: 3,
        groupSize,
        dynamicSampling: { enabled: true, maxDraws: 6 },
      });
      let expected = 0;
      for (const r of records) {
        const drawn = r['sampling/groups_drawn']!;
        expect(drawn).toBeGreaterThanOrEqual(B);
        expect(drawn).toBeLessThanOrEqual(B + 6);
        expected += drawn * groupSize + B * perGroupExtra;
        expect(r['sampling/rollouts'], `${algorithm} step ${r.step}`).toBe(expected);
      }
      expect(result.rollouts).toBe(expected);
    }
  }, 120_000);

  it('replaces all-tied groups: fewer tied groups in the batch, the waste counted', async () => {
    const off = await run('rloo', { steps: 3 });
    const on = await run('rloo', { steps: 3, dynamicSampling: { enabled: true, maxDraws: 32 } });
    const tiedOff = off.records.reduce((s, r) => s + r['groups/all_tied']!, 0);
    const tiedOn = on.records.reduce((s, r) => s + r['groups/all_tied']!, 0);
    // this small synthetic set has all-tied groups at every step (NDCG@5 of one target, N = 4)
    expect(tiedOff).toBeGreaterThan(0);
    expect(tiedOn).toBeLessThan(tiedOff);
    for (const r of off.records) expect(r['sampling/groups_drawn']).toBe(8);
    const last = on.records.at(-1)!;
    const drawnGroups = on.records.reduce((s, r) => s + r['sampling/groups_drawn']!, 0);
    expect(last['sampling/rollouts']).toBe(drawnGroups * 4);
    // every extra group was drawn to replace a tied one, so the waste is at least their share
    expect(last['sampling/wasted_fraction']).toBeGreaterThanOrEqual((drawnGroups - 3 * 8) / drawnGroups);
  }, 120_000);

  it('align.maxRollouts stops training once the budget is reached', async () => {
    const { result, records } = await run('rloo', { steps: 50, maxRollouts: 80 });
    // 8 contexts × 4 rollouts = 32 per step: 64 < 80 ≤ 96
    expect(result.steps).toBe(3);
    expect(result.rollouts).toBe(96);
    expect(records.at(-1)!['sampling/rollouts']).toBe(96);
  }, 60_000);

  it('a resumed run keeps the counters and the context position (same weights, same budget)', async () => {
    const settings = { steps: 4, checkpointEvery: 2, dynamicSampling: { enabled: true, maxDraws: 8 } };
    const a = mkdtempSync(join(tmpdir(), 'align-ds-a-'));
    const full = await run('blade', settings, { runDir: a });
    const b = mkdtempSync(join(tmpdir(), 'align-ds-b-'));
    await run('blade', { ...settings, steps: 2 }, { runDir: b });
    const resumed = await run('blade', settings, { runDir: b, resume: true });
    expect(resumed.result.rollouts).toBe(full.result.rollouts);
    expect(resumed.records.at(-1)!['sampling/rollouts']).toBe(full.records.at(-1)!['sampling/rollouts']);
    expect(resumed.records.at(-1)!['sampling/wasted_fraction']).toBe(full.records.at(-1)!['sampling/wasted_fraction']);
    const wa = await loadModel(join(a, 'model.bct')).model.values();
    const wb = await loadModel(join(b, 'model.bct')).model.values();
    for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
  }, 120_000);
});
