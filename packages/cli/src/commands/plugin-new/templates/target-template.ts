import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/** A target estimator: each rollout's within-group mid-rank as its reward, uniform weights. */
export function targetTemplate(n: PluginNames): KindTemplate {
  const source = `import type { GroupEvidence, RewardPrior, RolloutTargets, TargetEstimator, TargetEstimatorDefinition } from '@bladerec/core';
import { Type } from '@bladerec/core';

/**
 * The within-group mid-rank of each rollout, (below + ties/2) / (N − 1) ∈ [0, 1] (½ for a group of
 * one), as the policy-gradient reward, with uniform target weights: iterative Best-of-N without a
 * prior. The CDF fields hold the same rank-based values.
 */
export class ${n.pascal}Target implements TargetEstimator {
  readonly kind = '${n.id}';

  estimate(rewards: ArrayLike<number>, evidence: GroupEvidence, _prior: RewardPrior): RolloutTargets {
    const n = rewards.length;
    const others = n - 1;
    const reward = new Float64Array(n);
    const cdfBelow = new Float64Array(n);
    const cdfAtOrBelow = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      cdfBelow[i] = others === 0 ? 0 : evidence.below[i]! / others;
      cdfAtOrBelow[i] = others === 0 ? 1 : (evidence.below[i]! + evidence.ties[i]!) / others;
      reward[i] = (cdfBelow[i]! + cdfAtOrBelow[i]!) / 2;
    }
    return { reward, logWeight: new Float64Array(n), cdf: Float64Array.from(reward), cdfBelow, cdfAtOrBelow };
  }
}

/** The \`${n.id}\` target estimator, selected in a config by \`align.target: { kind: '${n.id}' }\`. */
export const ${n.camel}: TargetEstimatorDefinition<Record<string, never>> = {
  meta: { id: '${n.id}', description: 'Within-group mid-rank of each rollout as its reward, uniform weights.', schema: Type.Object({}, { additionalProperties: false }) },
  create: () => new ${n.pascal}Target(),
};
`;
  const test = `import { AlignmentComponents, createBladeContainer, type GroupEvidence, type RewardPrior, type TargetEstimator } from '@bladerec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import plugin, { ${n.pascal}Target } from '../src/index.js';

const noPrior: RewardPrior = { count: 0, cdfBelow: () => 0, cdfAtOrBelow: () => 0 };

/** Exact counts of lower and equal rewards among the other rollouts. */
function counts(rewards: readonly number[]): GroupEvidence {
  const below = Float64Array.from(rewards, (r, i) => rewards.filter((s, j) => j !== i && s < r).length);
  const ties = Float64Array.from(rewards, (r, i) => rewards.filter((s, j) => j !== i && s === r).length);
  const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
  return { n: rewards.length, below, ties, mean, sumSquares: rewards.reduce((a, r) => a + (r - mean) ** 2, 0) };
}

describe('${n.id} target estimator', () => {
  test('the plugin registers it: a config selects it by id', () => {
    const components = createBladeContainer({ plugins: [plugin] }).get<AlignmentComponents>(AlignmentComponents);
    const target = components.create('target', { kind: '${n.id}' }) as TargetEstimator;
    expect(Array.from(target.estimate([0, 1, 2], counts([0, 1, 2]), noPrior, 3).reward)).toEqual([0, 0.5, 1]);
  });

  test('rewards lie in [0, 1], follow the order of the raw rewards, and weights are uniform', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 12 }), (rewards) => {
      const t = new ${n.pascal}Target().estimate(rewards, counts(rewards), noPrior, rewards.length);
      rewards.forEach((r, i) => {
        expect(t.reward[i]!).toBeGreaterThanOrEqual(0);
        expect(t.reward[i]!).toBeLessThanOrEqual(1);
        expect(t.cdfBelow[i]!).toBeLessThanOrEqual(t.cdfAtOrBelow[i]!);
        expect(t.logWeight[i]).toBe(0);
        rewards.forEach((s, j) => {
          if (r > s) expect(t.reward[i]!).toBeGreaterThan(t.reward[j]!);
          if (r === s) expect(t.reward[i]).toBe(t.reward[j]);
        });
      });
    }));
  });
});
`;
  return {
    description: `the target estimator \`${n.id}\`: each rollout's within-group mid-rank as its reward, with uniform target weights.`,
    field: 'targetEstimators',
    peers: [],
    devDependencies: ['fast-check'],
    usage: `In an alignment config, with \`--plugin ${n.id}\` on \`blade train …\`:

\`\`\`yaml
align:
  target: { kind: ${n.id} }
\`\`\``,
    files: { [`src/${n.id}.ts`]: source, [`test/${n.id}.test.ts`]: test },
  };
}
