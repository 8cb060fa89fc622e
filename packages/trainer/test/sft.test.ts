import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBladeContainer, Evaluator } from '@bladerec/core';
import ndcg from '@bladerec/reward-ndcg';
import fairness from '@bladerec/reward-fairness';
import recall from '@bladerec/reward-recall';
import {
  evaluateRecommender,
  loadModel,
  PolicyRecommender,
  PopularityRecommender,
  readCheckpoint,
  selectBackend,
  SftTrainer,
  type SftConfig,
} from '../src/index.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const losses = (records: Record<string, unknown>[]) =>
  records.filter((r) => typeof r['train/loss'] === 'number').map((r) => r['train/loss'] as number);

describe('SftTrainer', () => {
  it('resuming from a checkpoint reproduces the uninterrupted run exactly', async () => {
    const dataset = tinyDataset();
    const full: Record<string, unknown>[] = [];
    const dirA = mkdtempSync(join(tmpdir(), 'sft-a-'));
    const a = await new SftTrainer({
      config: tinySftConfig(),
      model: tinyModelConfig,
      dataset,
      evaluator: evaluator(),
      runDir: dirA,
      callbacks: [{ onLog: (r) => void full.push(r) }],
    }).train();

    // the same run stopped after 3 steps (its checkpoint), then resumed to 6
    const dirB = mkdtempSync(join(tmpdir(), 'sft-b-'));
    const first: Record<string, unknown>[] = [];
    await new SftTrainer({
      config: tinySftConfig({ steps: 6 }),
      model: tinyModelConfig,
      dataset,
      evaluator: evaluator(),
      runDir: dirB,
      callbacks: [
        {
          onLog: (r) => void first.push(r),
          onCheckpoint: (_p, step) => {
            if (step === 3) throw new StopAt3();
          },
        },
      ],
    })
      .train()
      .catch((e) => {
        if (!(e instanceof StopAt3)) throw e;
      });
    expect(readCheckpoint<{ step: number }>(join(dirB, 'checkpoint.bct')).state.step).toBe(3);
    const second: Record<string, unknown>[] = [];
    const b = await new SftTrainer({
      config: tinySftConfig(),
      model: tinyModelConfig,
      dataset,
      evaluator: evaluator(),
      runDir: dirB,
      resume: true,
      callbacks: [{ onLog: (r) => void second.push(r) }],
    }).train();
    expect([...losses(first).slice(0, 3), ...losses(second)]).toEqual(losses(full));
    expect(b.best?.values).toEqual(a.best?.values);
    const wa = await loadModel(join(dirA, 'model.bct')).model.values();
    const wb = await loadModel(join(dirB, 'model.bct')).model.values();
    for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
  }, 120_000);

  it('stops on a non-finite loss, naming the step, after saving the last good checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sft-nan-'));
    await expect(
      new SftTrainer({
        config: tinySftConfig({ learningRate: 1e30, warmupSteps: 0, gradClip: 0 }),
        model: tinyModelConfig,
        dataset: tinyDataset(),
        evaluator: evaluator(),
        runDir: dir,
      }).train(),
    ).rejects.toThrow(/non-finite (loss|gradient norm) at step \d+ .*last good state \(step \d+\) is saved in/);
    const { state } = readCheckpoint<{ step: number }>(join(dir, 'checkpoint.bct'));
    expect(state.step).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('learns: after a short run the policy beats popularity on the validation split', async () => {
    const dataset = tinyDataset();
    const records: Record<string, unknown>[] = [];
    const { policy } = await new SftTrainer({
      config: tinySftConfig({ steps: 120, evalEvery: 40, learningRate: 0.01, warmupSteps: 10 }),
      model: { ...tinyModelConfig, dModel: 32, heads: 4 },
      dataset,
      evaluator: evaluator(),
      callbacks: [{ onLog: (r) => void records.push(r) }],
    }).train();
    const l = losses(records);
    expect(l[l.length - 1]!).toBeLessThan(l[0]! - 0.5);
    const options = {
      evaluator: evaluator(),
      metrics: ['ndcg@10'],
      k: 10,
      items: dataset.catalog.itemSide(),
      excludeHistory: false,
      contextLength: 6,
    };
    const sft = await evaluateRecommender(new PolicyRecommender(policy), dataset.splits.valid, options);
    const pop = await evaluateRecommender(
      new PopularityRecommender(dataset.catalog.size, dataset.splits.train),
      dataset.splits.valid,
      options,
    );
    expect(sft.values['ndcg@10']!).toBeGreaterThan(pop.values['ndcg@10']! + 0.05);
  }, 120_000);

  it('metricOptions reach every evaluation; bad metric settings fail before the first step', async () => {
    const dataset = tinyDataset();
    const withFairness = createBladeContainer({ plugins: [ndcg, recall, fairness] }).get<Evaluator>(Evaluator);
    const metrics = ['ndcg@10', 'mgu@10'];
    const metricOptions = { 'mgu@10': { attribute: 'group' } };
    const records: Record<string, unknown>[] = [];
    const { policy } = await new SftTrainer({
      config: tinySftConfig({ steps: 3, metrics, metricOptions }),
      model: tinyModelConfig,
      dataset,
      evaluator: withFairness,
      callbacks: [{ onLog: (r) => void records.push(r) }],
    }).train();
    const common = {
      evaluator: withFairness,
      metrics,
      k: 10,
      items: dataset.catalog.itemSide(),
      excludeHistory: false,
      contextLength: 6,
    };
    const valid = dataset.splits.valid.slice(0, 40);
    const overGroups = await evaluateRecommender(new PolicyRecommender(policy), valid, { ...common, metricOptions });
    const overCategories = await evaluateRecommender(new PolicyRecommender(policy), valid, common);
    // the trainer's last evaluation is MGU over popularity groups, not over categories
    const logged = records.filter((r) => 'eval/mgu@10' in r).at(-1)!['eval/mgu@10'];
    expect(logged).toBe(overGroups.values['mgu@10']);
    expect(overGroups.values['mgu@10']).not.toBe(overCategories.values['mgu@10']);

    const failsAtStart = async (overrides: Partial<SftConfig>, message: RegExp) => {
      const steps: unknown[] = [];
      await expect(
        new SftTrainer({
          config: tinySftConfig({ steps: 3, ...overrides }),
          model: tinyModelConfig,
          dataset,
          evaluator: withFairness,
          callbacks: [{ onLog: (r) => void steps.push(r) }],
        }).train(),
      ).rejects.toThrow(message);
      expect(steps).toEqual([]);
    };
    await failsAtStart(
      { metrics, metricOptions: { 'mgu@5': { attribute: 'group' } } },
      /metricOptions names 'mgu@5', which metrics does not list \(metrics: ndcg@10, mgu@10\)/,
    );
    await failsAtStart({ metrics, metricOptions: { 'mgu@10': { attribute: 'genre' } } }, /mgu@10.*attribute/);
    await failsAtStart({ metrics: ['ndcg@10', 'ncdg@10'] }, /unknown metric 'ncdg@10' \(did you mean ndcg/);
    await failsAtStart(
      { monitor: 'recall@5' },
      /sft.monitor 'recall@5' is not one of sft.metrics \(ndcg@10, recall@10\)/,
    );
    // a catalog whose item side has no categories (as the Amazon data, which has popularity groups)
    const { categories: _, ...side } = dataset.catalog.itemSide();
    const noCategories = {
      ...dataset,
      catalog: Object.assign(Object.create(dataset.catalog) as typeof dataset.catalog, { itemSide: () => side }),
    };
    await expect(
      new SftTrainer({
        config: tinySftConfig({ metrics }),
        model: tinyModelConfig,
        dataset: noCategories,
        evaluator: withFairness,
      }).train(),
    ).rejects.toThrow(/metric 'mgu@10' needs item categories/);
  }, 120_000);
});

class StopAt3 extends Error {}
