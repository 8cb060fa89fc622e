import { fc, test } from '@fast-check/vitest';
import { Random } from '@bladerec/data';
import { describe, expect, it } from 'vitest';
import {
  intervalMixtureCdf,
  PitPool,
  PooledPriorStore,
  type PooledOptions,
  pooledPriorStore,
  ReservoirPriorStore,
} from '../src/internal.js';

const options = (o: Partial<PooledOptions> = {}): PooledOptions => ({
  maxSize: 256,
  eta: 0.2,
  smoothing: 'none',
  kappa: 2,
  poolEta: 0.2,
  poolBins: 960,
  ...o,
});
const grid = (from: number, to: number, steps: number) =>
  Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps);

/** Draws `n` rewards from the empirical distribution of `values`. */
const drawFrom = (rng: Random, values: readonly number[], n: number) =>
  Array.from({ length: n }, () => values[rng.nextInt(values.length)]!);

describe('the PIT pool G', () => {
  it('stays exactly Uniform(0,1) when each step adds a whole reference sample (ties included)', () => {
    const store = new PooledPriorStore(options({ poolEta: 0.5 }));
    const refs = [
      [0, 0, 0.5, 1],
      [0.2, 0.2, 0.2, 0.9],
      [0, 0.1, 0.3, 0.7],
    ];
    refs.forEach((r, k) => store.seed(k, r));
    for (let step = 0; step < 5; step++) {
      store.prior(0);
      refs.forEach((r, k) => store.update(k, r));
    }
    store.prior(0);
    for (const u of grid(0, 1, 40)) expect(store.poolCdf.at(u)).toBeCloseTo(u, 12);
  });

  test.prop([fc.integer({ min: 1, max: 1000 })], { numRuns: 5 })(
    'stays close to uniform under random draws from the references',
    (seed) => {
      const rng = new Random(seed);
      const store = new PooledPriorStore(options({ poolEta: 0.05 }));
      const refs = Array.from({ length: 40 }, () =>
        Array.from({ length: 8 }, () => Math.floor(rng.nextFloat() * 4) / 3),
      );
      refs.forEach((r, k) => store.seed(k, r));
      for (let step = 0; step < 60; step++) {
        store.prior(0);
        for (let k = 0; k < refs.length; k++) store.update(k, drawFrom(rng, refs[k]!, 8));
      }
      store.prior(0);
      // each step adds 320 draws; the EMA keeps ≈ 2/0.05 steps' worth: KS distance well under 0.05
      for (const u of grid(0, 1, 50)) expect(Math.abs(store.poolCdf.at(u) - u)).toBeLessThan(0.05);
    },
  );

  test.prop([
    fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 0, max: 16 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
      ),
      { minLength: 1, maxLength: 12 },
    ),
  ])('the histogram equals the interval mixture it stands for when the ends fall on bin edges', (intervals) => {
    const pool = new PitPool(48);
    const lo = intervals.map(([a, b]) => Math.min(a, b) / 16);
    const hi = intervals.map(([a, b]) => Math.max(a, b) / 16);
    // one group per interval, so each gets its own weight: the step's mix is the plain mean
    intervals.forEach((_, k) => pool.addGroup([lo[k]!], [hi[k]!]));
    pool.commit(1);
    const weights = intervals.map(() => 1);
    // u > 0: a point at 0 (a reward below every reference) is read at G(0+), as the quantile map puts it
    for (const j of grid(1, 16, 15))
      expect(pool.cdf.at(j / 16)).toBeCloseTo(intervalMixtureCdf(lo, hi, weights, j / 16), 12);
  });

  it('a point on a bin edge is counted at that edge (the quantile map), a point at 0 by G(0+)', () => {
    const pool = new PitPool(4);
    pool.addGroup([0.5], [0.5]);
    pool.commit(1);
    expect(pool.cdf.at(0.5)).toBeCloseTo(1, 15);
    expect(pool.cdf.at(0.25)).toBe(0);
    const low = new PitPool(4);
    low.addGroup([0], [0]);
    low.commit(1);
    expect(low.cdf.at(0)).toBe(0);
    expect(low.cdf.at(0.25)).toBeCloseTo(1, 15);
  });

  it('commits the step with rate η: G = (1−η)·uniform + η·(mean of the groups)', () => {
    const pool = new PitPool(4);
    pool.addGroup([0, 0.5], [0.5, 0.5]); // half on [0, ½], half a point at ½
    pool.addGroup([1], [1]); // a point at 1
    expect(pool.pendingCount).toBe(2);
    pool.commit(0.4);
    // group 1: ¼ in bin 0, ¼ + ½ in bin 1; group 2: 1 in bin 3; the step's mix is their mean
    const mass = [0.6 * 0.25 + 0.4 * (0.25 / 2), 0.6 * 0.25 + 0.4 * (0.75 / 2), 0.6 * 0.25, 0.6 * 0.25 + 0.4 * (1 / 2)];
    expect(pool.cdf.at(0.25)).toBeCloseTo(mass[0]!, 15);
    expect(pool.cdf.at(0.5)).toBeCloseTo(mass[0]! + mass[1]!, 15);
    expect(pool.cdf.at(0.75)).toBeCloseTo(mass[0]! + mass[1]! + mass[2]!, 15);
    expect(pool.cdf.at(0.625)).toBeCloseTo(mass[0]! + mass[1]! + mass[2]! / 2, 15);
    expect(pool.pendingCount).toBe(0);
  });
});

describe('pooled prior store: hand-computed values on a tiny discrete example', () => {
  // context 0: reference {0, 0, 1, 1} (M = 4); context 1: reference {0, 1, 2, 3}
  const build = (o: Partial<PooledOptions> = {}) => {
    const store = new PooledPriorStore(options({ eta: 0.5, kappa: 1, poolEta: 0.5, poolBins: 4, ...o }));
    store.seed(0, [0, 0, 1, 1]);
    store.seed(1, [0, 1, 2, 3]);
    store.prior(0);
    store.update(0, [1, 1]); // both at the reference's top atom: PIT interval [½, 1] twice
    return store;
  };

  it('the pool moves to the top half; an unrefreshed context sees it through its own reference', () => {
    const store = build();
    const p1 = store.prior(1);
    // G = ½·U(0,1) + ½·U(½,1): G(u) = u/2 below ½, G(u) = u/2 + (u − ½) above
    expect(store.poolCdf.at(0.5)).toBeCloseTo(0.25, 15);
    expect(store.poolCdf.at(0.75)).toBeCloseTo(0.375 + 0.25, 15);
    expect(store.ownWeight(1)).toBe(0);
    // context 1: H_ref(1) = ½, H_ref(1−) = ¼, H_ref(2) = ¾
    expect(p1.cdfAtOrBelow(1)).toBeCloseTo(0.25, 15);
    expect(p1.cdfBelow(1)).toBeCloseTo(0.125, 15);
    expect(p1.cdfAtOrBelow(2)).toBeCloseTo(0.625, 15);
    expect(p1.cdfAtOrBelow(3)).toBe(1);
    expect(p1.cdfBelow(0)).toBe(0);
    expect(p1.count).toBe(4);
  });

  it('a refreshed context mixes its reservoir (weight n/(n+κ)) with the pool through its reference', () => {
    const store = build();
    const p0 = store.prior(0);
    expect(store.refreshes(0)).toBe(1);
    expect(store.ownWeight(0)).toBe(0.5);
    // own reservoir: ½·{0,0,1,1} + ½·{1,1} ⇒ P(0) = ¼, P(1) = ¾
    // pooled: G(H_ref(0) = ½) = ¼, G(H_ref(0−) = 0) = 0
    expect(p0.cdfAtOrBelow(0)).toBeCloseTo(0.5 * 0.25 + 0.5 * 0.25, 15);
    expect(p0.cdfBelow(0)).toBe(0);
    expect(p0.cdfBelow(1)).toBeCloseTo(0.25, 15);
    expect(p0.cdfAtOrBelow(1)).toBe(1);
  });

  it('unseen keys fall back to the reservoir’s pooled seeds; updating an unseen key seeds it', () => {
    const store = build();
    const reservoir = new ReservoirPriorStore({ maxSize: 256, eta: 0.5, smoothing: 'none' });
    reservoir.seed(0, [0, 0, 1, 1]);
    reservoir.seed(1, [0, 1, 2, 3]);
    for (const s of [-1, 0, 0.5, 1, 2, 3, 4])
      expect(store.prior(9).cdfAtOrBelow(s)).toBe(reservoir.prior(9).cdfAtOrBelow(s));
    store.update(9, [5, 6]);
    expect(store.refreshes(9)).toBe(0);
    // its reference {5, 6} read through the moved pool: G(H_ref(6−) = ½) = ¼
    expect(store.prior(9).cdfBelow(6)).toBeCloseTo(0.25, 15);
    expect(store.size).toBe(3);
  });
});

describe('pooled prior store: limits and invariants', () => {
  /** Seeds 6 contexts and runs `steps` steps of updates drawn from a shifted reference. */
  const run = (
    store: {
      seed: (k: number, r: number[]) => void;
      prior: (k: number) => unknown;
      update: (k: number, r: number[]) => void;
    },
    seed = 3,
    steps = 6,
  ) => {
    const rng = new Random(seed);
    const refs = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => Math.round(rng.nextFloat() * 5) / 5));
    refs.forEach((r, k) => store.seed(k, r));
    for (let t = 0; t < steps; t++) {
      store.prior(0);
      for (const k of [t % 6, (t + 2) % 6])
        store.update(
          k,
          Array.from({ length: 4 }, () => Math.min(1, Math.round(rng.nextFloat() * 5) / 5 + 0.2)),
        );
    }
    return refs;
  };
  const probes = grid(-0.2, 1.4, 32);

  it('κ = 0 is the plain reservoir, exactly, whatever the pool does', () => {
    const pooled = new PooledPriorStore(options({ kappa: 0, poolEta: 0.7 }));
    const reservoir = new ReservoirPriorStore({ maxSize: 256, eta: 0.2, smoothing: 'none' });
    run(pooled);
    run(reservoir);
    for (let k = 0; k < 7; k++) {
      for (const s of probes) {
        expect(pooled.prior(k).cdfBelow(s)).toBe(reservoir.prior(k).cdfBelow(s));
        expect(pooled.prior(k).cdfAtOrBelow(s)).toBe(reservoir.prior(k).cdfAtOrBelow(s));
      }
    }
  });

  it('κ → ∞ is the pool only, G(H_ref,x), for refreshed contexts too', () => {
    const store = new PooledPriorStore(options({ kappa: 1e15 }));
    const refs = run(store);
    for (let k = 0; k < 6; k++) {
      const ref = refs[k]!;
      for (const s of probes) {
        const href = ref.filter((v) => v <= s).length / ref.length;
        expect(store.prior(k).cdfAtOrBelow(s)).toBeCloseTo(store.poolCdf.at(href), 12);
      }
    }
  });

  it('poolEta = 0 keeps G uniform: the pooled part is the static reference, the reservoir shrinks toward it', () => {
    const store = new PooledPriorStore(options({ poolEta: 0, kappa: 3 }));
    const reservoir = new ReservoirPriorStore({ maxSize: 256, eta: 0.2, smoothing: 'none' });
    const refs = run(store);
    run(reservoir);
    for (const u of grid(0, 1, 20)) expect(store.poolCdf.at(u)).toBeCloseTo(u, 13);
    for (let k = 0; k < 6; k++) {
      const w = store.ownWeight(k);
      expect(w).toBeCloseTo(store.refreshes(k) / (store.refreshes(k) + 3), 15);
      for (const s of probes) {
        const href = refs[k]!.filter((v) => v <= s).length / refs[k]!.length;
        expect(store.prior(k).cdfAtOrBelow(s)).toBeCloseTo(w * reservoir.prior(k).cdfAtOrBelow(s) + (1 - w) * href, 12);
      }
    }
    // with κ → ∞ as well: the static reference CDF of vBoN/BOND
    const staticStore = new PooledPriorStore(options({ poolEta: 0, kappa: 1e15 }));
    const staticRefs = run(staticStore);
    for (const s of probes)
      expect(staticStore.prior(2).cdfBelow(s)).toBeCloseTo(staticRefs[2]!.filter((v) => v < s).length / 8, 12);
  });

  it('the shrinkage weight grows with refreshes: n/(n+κ)', () => {
    const store = new PooledPriorStore(options({ kappa: 4 }));
    store.seed(0, [0, 1]);
    const weights = [0, 1, 2, 3, 4, 12].map((n) => {
      while (store.refreshes(0) < n) store.update(0, [1]);
      return store.ownWeight(0);
    });
    expect(weights).toEqual([0, 1 / 5, 2 / 6, 3 / 7, 4 / 8, 12 / 16]);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 10_000 }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.constantFrom<'none' | 'silverman'>('none', 'silverman'),
    ],
    { numRuns: 25 },
  )('CDFs are monotone, within [0, 1], and cdfBelow ≤ cdfAtOrBelow', (seed, kappa, smoothing) => {
    const store = new PooledPriorStore(options({ kappa, smoothing, poolEta: 0.3 }));
    run(store, seed, 8);
    for (let k = 0; k < 7; k++) {
      const p = store.prior(k);
      let last = 0;
      for (const s of probes) {
        const below = p.cdfBelow(s);
        const at = p.cdfAtOrBelow(s);
        expect(below).toBeGreaterThanOrEqual(last - 1e-12);
        expect(at).toBeGreaterThanOrEqual(below - 1e-12);
        expect(at).toBeLessThanOrEqual(1);
        expect(below).toBeGreaterThanOrEqual(0);
        last = at;
      }
    }
  });

  it('save → load resumes exactly (pending step included) and refuses another kind', () => {
    const a = new PooledPriorStore(options({ kappa: 1.5 }));
    run(a, 9, 5);
    const state = JSON.parse(JSON.stringify(a.save()));
    const b = new PooledPriorStore(options({ kappa: 1.5 }));
    b.load(state);
    for (const store of [a, b]) {
      store.update(1, [0.4, 1]);
      store.update(4, [0.2, 0.2]);
    }
    for (let k = 0; k < 7; k++) for (const s of probes) expect(b.prior(k).cdfBelow(s)).toBe(a.prior(k).cdfBelow(s));
    for (const u of grid(0, 1, 20)) expect(b.poolCdf.at(u)).toBe(a.poolCdf.at(u));
    expect(() => b.load({ kind: 'reservoir', data: {} })).toThrow(/cannot load a 'reservoir'/);
  });

  it('is registered as the `pooled` component with defaults from its schema', () => {
    expect(pooledPriorStore.meta.id).toBe('pooled');
    const props = (pooledPriorStore.meta.schema as { properties: Record<string, { default?: unknown }> }).properties;
    expect(props.kappa!.default).toBe(2);
    expect(props.poolEta!.default).toBe(0.2);
    expect(props.eta!.default).toBe(0.2);
  });
});
