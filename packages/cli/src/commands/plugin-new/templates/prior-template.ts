import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/**
 * A prior store: the last `window` rewards of each context (seeded from the reference rollouts,
 * refreshed with each step's rollouts) as an empirical distribution, pooled over every context for
 * contexts never seeded.
 */
export function priorTemplate(n: PluginNames): KindTemplate {
  const source = `import type { PriorStore, PriorStoreDefinition, PriorStoreState, RewardPrior } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';

/** Options of the \`${n.id}\` prior store. */
export const ${n.pascal}Options = Type.Object(
  { window: Type.Integer({ minimum: 1, default: 64, description: 'How many of the most recent rewards each context keeps.' }) },
  { additionalProperties: false },
);
export type ${n.pascal}Options = Static<typeof ${n.pascal}Options>;

/** The empirical distribution of \`rewards\` as a RewardPrior (count 0 when empty). */
export function empiricalPrior(rewards: readonly number[]): RewardPrior {
  const sorted = [...rewards].sort((a, b) => a - b);
  const below = (r: number, orEqual: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < r || (orEqual && sorted[mid] === r)) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length === 0 ? 0 : lo / sorted.length;
  };
  return { count: sorted.length, cdfBelow: (r) => below(r, false), cdfAtOrBelow: (r) => below(r, true) };
}

/** A sliding window of rewards per context; the global prior pools every context's window. */
export class ${n.pascal}PriorStore implements PriorStore {
  readonly kind = '${n.id}';
  private readonly windows = new Map<number, number[]>();

  constructor(private readonly options: ${n.pascal}Options) {}

  get size(): number {
    return this.windows.size;
  }

  seed(key: number, rewards: ArrayLike<number>): void {
    this.windows.set(key, Array.from(rewards).slice(-this.options.window));
  }

  prior(key: number): RewardPrior {
    const own = this.windows.get(key);
    return empiricalPrior(own ?? [...this.windows.values()].flat());
  }

  update(key: number, rewards: ArrayLike<number>): void {
    this.windows.set(key, [...(this.windows.get(key) ?? []), ...Array.from(rewards)].slice(-this.options.window));
  }

  save(): PriorStoreState {
    return { kind: this.kind, data: { window: this.options.window, windows: [...this.windows] } };
  }

  load(state: PriorStoreState): void {
    if (state.kind !== this.kind) throw new Error('cannot load a ' + state.kind + ' prior store into ' + this.kind);
    const { windows } = state.data as { windows: [number, number[]][] };
    this.windows.clear();
    for (const [key, rewards] of windows) this.windows.set(key, rewards.slice(-this.options.window));
  }
}

/** The \`${n.id}\` prior store, selected in a config by \`align.prior: { kind: '${n.id}' }\`. */
export const ${n.camel}: PriorStoreDefinition<${n.pascal}Options> = {
  meta: { id: '${n.id}', description: 'The last \`window\` rewards of each context as an empirical distribution.', schema: ${n.pascal}Options },
  create: (options) => new ${n.pascal}PriorStore(options),
};
`;
  const test = `import { AlignmentComponents, createBladeContainer, type PriorStore } from '@bladerec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import plugin, { ${n.pascal}PriorStore } from '../src/index.js';

const rewards = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 });

describe('${n.id} prior store', () => {
  test('the plugin registers it: a config selects it by id, options validated with defaults', () => {
    const components = createBladeContainer({ plugins: [plugin] }).get<AlignmentComponents>(AlignmentComponents);
    const store = components.create('prior', { kind: '${n.id}' }) as PriorStore;
    expect(store.kind).toBe('${n.id}');
    expect(() => components.create('prior', { kind: '${n.id}', options: { window: 0 } })).toThrow(/window/);
  });

  test('the prior is a distribution function: 0 ≤ F(r−) ≤ F(r) ≤ 1, non-decreasing in r', () => {
    fc.assert(fc.property(rewards, fc.double({ min: -12, max: 12, noNaN: true }), fc.double({ min: -12, max: 12, noNaN: true }), (seeded, a, b) => {
      const store = new ${n.pascal}PriorStore({ window: 16 });
      store.seed(0, seeded);
      const prior = store.prior(0);
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(prior.count).toBe(Math.min(16, seeded.length));
      expect(prior.cdfBelow(lo)).toBeGreaterThanOrEqual(0);
      expect(prior.cdfBelow(lo)).toBeLessThanOrEqual(prior.cdfAtOrBelow(lo));
      expect(prior.cdfAtOrBelow(lo)).toBeLessThanOrEqual(prior.cdfAtOrBelow(hi));
      expect(prior.cdfAtOrBelow(hi)).toBeLessThanOrEqual(1);
    }));
  });

  test('keeps the last window rewards; unseeded contexts use the pooled prior; save and load round-trip', () => {
    const store = new ${n.pascal}PriorStore({ window: 3 });
    store.seed(1, [1, 2, 3]);
    store.update(1, [4]);
    expect(store.prior(1).cdfBelow(2)).toBe(0); // 2, 3, 4 remain
    expect(store.prior(1).cdfAtOrBelow(3)).toBeCloseTo(2 / 3, 12);
    expect(store.prior(7).count).toBe(3);
    const copy = new ${n.pascal}PriorStore({ window: 3 });
    copy.load(store.save());
    expect(copy.prior(1).cdfAtOrBelow(3)).toBe(store.prior(1).cdfAtOrBelow(3));
  });
});
`;
  return {
    description: `the prior store \`${n.id}\`: the last \`window\` rewards of each context as an empirical distribution (the historical prior of BLADE's target).`,
    field: 'priorStores',
    peers: [],
    devDependencies: ['fast-check'],
    usage: `In an alignment config, with \`--plugin ${n.id}\` on \`blade train …\`:

\`\`\`yaml
align:
  prior: { kind: ${n.id}, options: { window: 64 } }
\`\`\``,
    files: { [`src/${n.id}.ts`]: source, [`test/${n.id}.test.ts`]: test },
  };
}
