import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/** An evidence estimator: exact pairwise counts of lower and equal rewards within the group. */
export function evidenceTemplate(n: PluginNames): KindTemplate {
  const source = `import type { EvidenceEstimator, EvidenceEstimatorDefinition, GroupEvidence } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';

/** Options of the \`${n.id}\` evidence estimator. */
export const ${n.pascal}Options = Type.Object(
  { tolerance: Type.Number({ minimum: 0, default: 0, description: 'Rewards closer than this count as ties.' }) },
  { additionalProperties: false },
);
export type ${n.pascal}Options = Static<typeof ${n.pascal}Options>;

/**
 * For each rollout, how many of the other N − 1 rollouts scored lower and how many tied (within
 * \`tolerance\`), by comparing every pair: O(N²), fine for the group sizes of alignment (N ≤ 64).
 */
export class ${n.pascal}Evidence implements EvidenceEstimator {
  readonly kind = '${n.id}';

  constructor(private readonly options: ${n.pascal}Options) {}

  estimate(rewards: ArrayLike<number>): GroupEvidence {
    const n = rewards.length;
    const below = new Float64Array(n);
    const ties = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rewards[i]!;
    const mean = n === 0 ? 0 : sum / n;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      sumSquares += (rewards[i]! - mean) ** 2;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const d = rewards[i]! - rewards[j]!;
        if (Math.abs(d) <= this.options.tolerance) ties[i]!++;
        else if (d > 0) below[i]!++;
      }
    }
    return { n, below, ties, mean, sumSquares };
  }
}

/** The \`${n.id}\` evidence estimator, selected in a config by \`align.evidence: { kind: '${n.id}' }\`. */
export const ${n.camel}: EvidenceEstimatorDefinition<${n.pascal}Options> = {
  meta: { id: '${n.id}', description: 'Pairwise counts of lower and tied rewards within the group (ties within a tolerance).', schema: ${n.pascal}Options },
  create: (options) => new ${n.pascal}Evidence(options),
};
`;
  const test = `import { AlignmentComponents, createBladeContainer, type EvidenceEstimator } from '@bladerec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import plugin, { ${n.pascal}Evidence } from '../src/index.js';

const group = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 16 });

describe('${n.id} evidence estimator', () => {
  test('the plugin registers it: a config selects it by id', () => {
    const components = createBladeContainer({ plugins: [plugin] }).get<AlignmentComponents>(AlignmentComponents);
    const estimator = components.create('evidence', { kind: '${n.id}' }) as EvidenceEstimator;
    expect(estimator.estimate([1, 2]).below).toEqual(Float64Array.of(0, 1));
  });

  test('below + ties + above = N − 1 for every rollout; the mean and the sum of squares are exact', () => {
    fc.assert(fc.property(group, (rewards) => {
      const e = new ${n.pascal}Evidence({ tolerance: 0 }).estimate(rewards);
      const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
      expect(e.n).toBe(rewards.length);
      rewards.forEach((r, i) => {
        const above = rewards.filter((s, j) => j !== i && s > r).length;
        expect(e.below[i]! + e.ties[i]! + above).toBe(rewards.length - 1);
      });
      expect(e.mean).toBeCloseTo(mean, 12);
      expect(e.sumSquares).toBeCloseTo(rewards.reduce((a, r) => a + (r - mean) ** 2, 0), 9);
    }));
  });

  test('a higher reward never has fewer rollouts below it', () => {
    fc.assert(fc.property(group, (rewards) => {
      const e = new ${n.pascal}Evidence({ tolerance: 0 }).estimate(rewards);
      rewards.forEach((r, i) => rewards.forEach((s, j) => {
        if (r > s) expect(e.below[i]!).toBeGreaterThan(e.below[j]!);
      }));
    }));
  });
});
`;
  return {
    description: `the evidence estimator \`${n.id}\`: pairwise counts of lower and tied rewards within each group of rollouts.`,
    field: 'evidenceEstimators',
    peers: [],
    devDependencies: ['fast-check'],
    usage: `In an alignment config, with \`--plugin ${n.id}\` on \`blade train …\`:

\`\`\`yaml
align:
  evidence: { kind: ${n.id}, options: { tolerance: 0 } }
\`\`\``,
    files: { [`src/${n.id}.ts`]: source, [`test/${n.id}.test.ts`]: test },
  };
}
