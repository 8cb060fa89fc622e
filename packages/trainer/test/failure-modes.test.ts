import { beforeAll, describe, expect, it } from 'vitest';
import { AlignmentTrainer, selectBackend } from '../src/index.js';
import { alignConfig, alignContainer, alignData, tinySft } from './align-fixtures.js';

/**
 * The failure mode BLADE fixes, on the synthetic data (seeded, small, well under two minutes on two
 * cores): as the policy improves past its cached reference rollouts, the static (vBoN) estimator
 * saturates — more and more rollouts score above every reference sample and get the same reward —
 * while BLADE's self-evolving target keeps F̃ < 1 for every rollout. Three seeds; the margins are
 * about half the measured effects.
 */
beforeAll(async () => {
  await selectBackend('wasm');
}, 60_000);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function trajectory(algorithm: 'vbon' | 'blade', seed: number) {
  const data = alignData(seed, 300);
  const init = await tinySft(data, 15, seed);
  const { evaluator, objectives, components } = alignContainer();
  const records: Record<string, number>[] = [];
  await new AlignmentTrainer({
    config: alignConfig(algorithm, {
      seed,
      steps: 120,
      contextsPerStep: 16,
      groupSize: 8,
      listLength: 5,
      referenceRollouts: 4,
      learningRate: 0.003,
      warmupSteps: 0,
      kl: { coef: 0 },
      split: 'align',
    }),
    objective: objectives.create({ terms: ['ndcg@5'] }),
    data,
    init,
    evaluator,
    components,
    callbacks: [{ onLog: (r) => void ('train/loss' in r && records.push(r as Record<string, number>)) }],
  }).train();
  const series = (key: string) => records.map((r) => r[key]!);
  return {
    static: series('blade/saturation_static'),
    target: series('blade/saturation_target'),
    reward: series('reward/total/mean'),
  };
}

describe('failure modes on synthetic data', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: static saturation rises as the policy improves; BLADE's target stays unsaturated`, async () => {
      const vbon = await trajectory('vbon', seed);
      const blade = await trajectory('blade', seed);
      const early = (xs: number[]) => mean(xs.slice(0, 10));
      const late = (xs: number[]) => mean(xs.slice(-10));
      // the policy improved (reward up) and the static estimator saturates more
      // (measured over seeds 1–3: rewards +0.17…0.22, vBoN saturation 0.09 → 0.30…0.33)
      expect(late(blade.reward)).toBeGreaterThan(early(blade.reward) + 0.08);
      expect(late(vbon.target)).toBeGreaterThan(early(vbon.target) + 0.1);
      expect(late(blade.static)).toBeGreaterThan(early(blade.static) + 0.1);
      expect(late(vbon.target)).toBeGreaterThan(0.2);
      // BLADE's own target never saturates
      expect(Math.max(...blade.target)).toBeLessThanOrEqual(0.01);
    }, 120_000);
  }
});
