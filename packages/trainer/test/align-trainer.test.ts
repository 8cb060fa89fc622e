import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  definePlugin,
  type GroupEvidence,
  type RewardPrior,
  type RolloutTargets,
  type TargetEstimatorDefinition,
  Type,
} from '@bladerec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALGORITHM_PRESETS,
  ALGORITHMS,
  ALIGN_LOG_KEYS,
  AlignmentTrainer,
  loadModel,
  readCheckpoint,
  resolveMetrics,
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

const run = (
  algorithm: (typeof ALGORITHMS)[number],
  overrides: Record<string, unknown> = {},
  extra: {
    runDir?: string;
    resume?: boolean;
    plugins?: Parameters<typeof alignContainer>[0];
    onLog?: (r: Record<string, unknown>) => void;
    objective?: unknown;
  } = {},
) => {
  const { evaluator, objectives, components } = alignContainer(extra.plugins);
  return new AlignmentTrainer({
    config: alignConfig(algorithm, overrides),
    objective: objectives.create(extra.objective ?? { terms: ['ndcg@5'] }),
    data,
    init,
    evaluator,
    components,
    runDir: extra.runDir,
    resume: extra.resume,
    callbacks: extra.onLog ? [{ onLog: extra.onLog }] : [],
  }).train();
};

describe("the metric 'objective'", () => {
  it("monitors and reports the run's own objective: for a composite, its weighted total; alone, the term", async () => {
    const records: Record<string, unknown>[] = [];
    const objective = { terms: ['ndcg@5', { reward: 'ild', weight: 0.1, options: { k: 5 } }] };
    await run(
      'vbon',
      { metrics: ['recall@5', 'objective', 'ndcg@5', 'ild@5'], monitor: 'objective', keepBest: true, evalEvery: 2 },
      { objective, onLog: (r) => void records.push(r) },
    );
    const evals = records.filter((r) => 'eval/sampled/objective' in r);
    expect(evals.length).toBeGreaterThanOrEqual(2);
    for (const r of evals) {
      for (const which of ['sampled', 'greedy']) {
        // the same lists, scored by the objective and by its terms: total = ndcg@5 + 0.1 · ild@5 per list, so in the
        // mean
        const total = r[`eval/${which}/objective`] as number;
        expect(total).toBeCloseTo(
          (r[`eval/${which}/ndcg@5`] as number) + 0.1 * (r[`eval/${which}/ild@5`] as number),
          12,
        );
      }
    }
    const alone: Record<string, unknown>[] = [];
    await run('vbon', { metrics: ['objective', 'ndcg@5'], evalEvery: 2 }, { onLog: (r) => void alone.push(r) });
    for (const r of alone.filter((x) => 'eval/sampled/objective' in x))
      expect(r['eval/sampled/objective']).toBe(r['eval/sampled/ndcg@5']);
  }, 120_000);

  it('is refused with a clear error where there is no objective or when metricOptions configure it', () => {
    const { evaluator, objectives } = alignContainer();
    expect(() => resolveMetrics(evaluator, { metrics: ['ndcg@5', 'objective'] })).toThrow(
      /'objective' is the run's objective: only alignment and Best-of-N runs have one/,
    );
    const objective = objectives.create({ terms: ['ndcg@5'] });
    expect(() =>
      resolveMetrics(evaluator, { metrics: ['objective'], metricOptions: { objective: {} }, objective }),
    ).toThrow(/metricOptions cannot configure 'objective'/);
    const resolved = resolveMetrics(evaluator, { metrics: ['recall@5', 'objective', 'ndcg@5'], objective });
    expect(resolved.map((m) => m.name)).toEqual(['recall@5', 'objective', 'ndcg@5']);
    expect(resolved[1]!.metric).toBe(objective);
  });
});

describe('AlignmentTrainer', () => {
  it('runs every algorithm through the one code path and logs the diagnostics its loss makes meaningful', async () => {
    for (const algorithm of ALGORITHMS) {
      const records: Record<string, unknown>[] = [];
      const result = await run(algorithm, {}, { onLog: (r) => void records.push(r) });
      expect(result.steps).toBe(4);
      const stepRecords = records.filter((r) => 'train/loss' in r);
      expect(stepRecords.length).toBe(4);
      const loss = ALGORITHM_PRESETS[algorithm].loss!;
      // the blade/* keys describe the target: logged exactly when a term reads it
      const readsTarget = loss.some(
        (t) =>
          (t.kind === 'weighted-nll' && t.from === 'policy') || (t.kind === 'policy-gradient' && t.reward !== 'raw'),
      );
      const expected = ALIGN_LOG_KEYS.filter(
        (k) =>
          k.when === 'step' ||
          (k.when === 'target' && readsTarget) ||
          loss.some((t) => t.kind === k.when) ||
          (k.when === 'anchor' && ALGORITHM_PRESETS[algorithm].anchor),
      );
      for (const r of stepRecords) {
        expect(Number.isFinite(r['train/loss']), algorithm).toBe(true);
        for (const { key } of expected) expect(typeof r[key], `${algorithm}: ${key}`).toBe('number');
        const logged = Object.keys(r).filter(
          (k) => k === 'reward/total/mean' || (!k.startsWith('reward/') && k !== 'step'),
        );
        expect(logged.sort(), algorithm).toEqual(expected.map((k) => k.key).sort());
      }
      expect(
        records.some((r) => 'eval/sampled/ndcg@5' in r && 'eval/greedy/ndcg@5' in r && 'eval/ceiling_ratio' in r),
      ).toBe(true);
    }
  }, 240_000);

  it('checks its metrics and metricOptions before the reference rollouts and the first step', async () => {
    for (const [overrides, message] of [
      [
        { metricOptions: { 'ndcg@10': { gain: 'exp' } } },
        /metricOptions names 'ndcg@10', which metrics does not list \(metrics: ndcg@5\)/,
      ],
      [{ metricOptions: { 'ndcg@5': { gain: 'log' } } }, /ndcg@5.*gain.*must be one of 'linear', 'exp'/],
      [{ metrics: ['ndcg@5', 'mgu@5'] }, /unknown metric 'mgu@5'/],
    ] as const) {
      const records: Record<string, unknown>[] = [];
      await expect(run('blade', overrides, { onLog: (r) => void records.push(r) })).rejects.toThrow(message);
      expect(records).toEqual([]);
    }
  }, 60_000);

  it('BLADE never saturates its own target; with the same inputs the static preset does', async () => {
    const blade: Record<string, unknown>[] = [];
    await run('blade', { steps: 3 }, { onLog: (r) => void blade.push(r) });
    for (const r of blade.filter((x) => 'train/loss' in x)) expect(r['blade/saturation_target']).toBe(0);
  }, 60_000);

  it('lets a plugin package add a target estimator that the config selects by id', async () => {
    let calls = 0;
    const reversed: TargetEstimatorDefinition = {
      meta: {
        id: 'test-inverse-rank',
        description: 'rewards worse rollouts (a test double made to be visible)',
        schema: Type.Object({ scale: Type.Number({ default: 1 }) }, { additionalProperties: false }),
      },
      create: (options: { scale: number }) => ({
        kind: 'test-inverse-rank',
        estimate(rewards: ArrayLike<number>, evidence: GroupEvidence, _prior: RewardPrior): RolloutTargets {
          calls++;
          const n = rewards.length;
          const reward = Float64Array.from(evidence.below, (b) => -options.scale * b);
          return {
            reward,
            logWeight: new Float64Array(n),
            cdf: new Float64Array(n).fill(0.5),
            cdfBelow: new Float64Array(n),
            cdfAtOrBelow: new Float64Array(n),
          };
        },
      }),
    };
    const plugin = definePlugin({
      meta: { name: 'test-estimator-plugin', version: '1.0.0' },
      targetEstimators: [reversed],
    });
    await run(
      'rloo',
      {
        steps: 2,
        target: { kind: 'test-inverse-rank', options: { scale: 2 } },
        loss: [{ kind: 'policy-gradient', weight: 1, advantage: 'loo', reward: 'target' }],
      },
      { plugins: [plugin] },
    );
    expect(calls).toBeGreaterThan(0);
    await expect(
      run('rloo', { steps: 1, target: { kind: 'test-inverse-rank', options: { scale: 'x' } } }, { plugins: [plugin] }),
    ).rejects.toThrow(/align\.target\.options\.scale: must be number \(rule: type, plugin: test-estimator-plugin\)/);
  }, 60_000);

  it('resumes from its checkpoint to exactly the uninterrupted result (weights, prior, RNG)', async () => {
    const a = mkdtempSync(join(tmpdir(), 'align-a-'));
    await run('blade', { steps: 4, checkpointEvery: 2 }, { runDir: a });
    const b = mkdtempSync(join(tmpdir(), 'align-b-'));
    await run('blade', { steps: 2, checkpointEvery: 2 }, { runDir: b });
    expect(readCheckpoint<{ step: number }>(join(b, 'checkpoint.bct')).state.step).toBe(2);
    await run('blade', { steps: 4, checkpointEvery: 2 }, { runDir: b, resume: true });
    const wa = await loadModel(join(a, 'model.bct')).model.values();
    const wb = await loadModel(join(b, 'model.bct')).model.values();
    for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
  }, 60_000);

  it('keepBest returns and saves the best validation weights, also across a resume', async () => {
    const settings = {
      keepBest: true,
      steps: 6,
      evalEvery: 2,
      checkpointEvery: 2,
      learningRate: 0.3,
      evalExamples: 60,
    };
    const a = mkdtempSync(join(tmpdir(), 'align-best-a-'));
    const records: Record<string, number>[] = [];
    const result = await run('blade', settings, {
      runDir: a,
      onLog: (r) => void ('eval/sampled/ndcg@5' in r && records.push(r as Record<string, number>)),
    });
    expect(records.map((r) => r.step)).toEqual([0, 2, 4, 6]);
    const scores = records.map((r) => r['eval/sampled/ndcg@5']!);
    const bestStep = records[scores.indexOf(Math.max(...scores))]!.step;
    // a learning rate this high makes the policy worse than where it started: the best is not the last step
    expect(bestStep).toBeLessThan(6);
    expect(result.bestStep).toBe(bestStep);
    expect(records.at(-1)!['eval/best_step']).toBe(bestStep);
    // the returned policy re-evaluates (seeded) to the logged best value, not to the last one
    expect(result.validation!.sampled.values['ndcg@5']).toBe(Math.max(...scores));
    const b = mkdtempSync(join(tmpdir(), 'align-best-b-'));
    await run('blade', { ...settings, steps: 2 }, { runDir: b });
    await run('blade', settings, { runDir: b, resume: true });
    const wa = await loadModel(join(a, 'model.bct')).model.values();
    const wb = await loadModel(join(b, 'model.bct')).model.values();
    for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
    if (bestStep === 0)
      for (const [name, v] of await init.values()) expect(Array.from(wa.get(name)!), name).toEqual(Array.from(v));
    await expect(run('blade', { keepBest: true, monitor: 'recall@5' })).rejects.toThrow(
      /align\.monitor 'recall@5' is not one of align\.metrics \(ndcg@5\)/,
    );
  }, 120_000);

  it('composite objectives run per term and log each term', async () => {
    const records: Record<string, unknown>[] = [];
    await run(
      'blade',
      { steps: 2 },
      {
        objective: { terms: ['ndcg@5', { reward: 'ild', options: { k: 5 }, weight: 0.1 }] },
        onLog: (r) => void records.push(r),
      },
    );
    const last = records.filter((r) => 'train/loss' in r).at(-1)!;
    expect(typeof last['reward/ild@5/mean']).toBe('number');
    expect(typeof last['reward/ndcg@5/mean']).toBe('number');
  }, 60_000);
});
