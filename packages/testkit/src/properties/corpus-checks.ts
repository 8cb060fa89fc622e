import fc from 'fast-check';
import { permutationArbitrary, scenarioArbitrary } from '../arbitraries/scenario-arbitrary.js';
import {
  junkAfterPad,
  referenceCorpus,
  relabelCategories,
  relabelGroups,
  relabelItems,
  type Scenario,
  toInputs,
  withScenario,
} from '../arbitraries/scenario.js';
import { close } from './compare.js';
import type { Check, CorpusSubject } from './subject.js';

const compute = (s: CorpusSubject, scenario: Scenario) => s.metric.compute(toInputs(scenario, s.requires));
const expectClose = (a: number, b: number, tol: number, what: string) => {
  if (!close(a, b, tol)) throw new Error(`${what}: ${a} vs ${b}`);
};

export const corpusFiniteInRange: Check<CorpusSubject> = {
  name: 'is finite and inside the declared range',
  applies: () => true,
  run(s, params) {
    const [lo, hi] = s.metric.meta.range;
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) => {
        const x = compute(s, scenario);
        if (!Number.isFinite(x)) throw new Error(`value ${x}`);
        if (x < lo - 1e-9 * Math.max(1, Math.abs(lo)) || x > hi + 1e-9 * Math.max(1, Math.abs(hi)))
          throw new Error(`value ${x} outside [${lo}, ${hi}]`);
      }),
      params,
    );
  },
};

export const corpusDeterministic: Check<CorpusSubject> = {
  name: 'is deterministic',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) =>
        expectClose(compute(s, scenario), compute(s, scenario), 0, 'second run'),
      ),
      params,
    );
  },
};

export const corpusUserOrder: Check<CorpusSubject> = {
  name: 'does not depend on the order of users',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.lists.length))),
        ([scenario, perm]) => {
          const pick = <T>(arr: readonly T[]) => perm.map((i) => arr[i]!);
          const shuffled = withScenario(scenario, {
            lists: pick(scenario.lists),
            relevant: pick(scenario.relevant),
            history: pick(scenario.history),
          });
          expectClose(compute(s, scenario), compute(s, shuffled), s.tolerance, 'users reordered');
        },
      ),
      params,
    );
  },
};

export const corpusPadding: Check<CorpusSubject> = {
  name: 'ignores padding and anything after it',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), fc.integer({ min: 1, max: 4 }), (scenario, pad) => {
        const base = compute(s, scenario);
        const wider = withScenario(scenario, { extraPad: scenario.extraPad + pad });
        expectClose(base, compute(s, wider), 0, 'wider padding');
        expectClose(
          base,
          s.metric.compute(junkAfterPad(toInputs(wider, s.requires), (i) => i % scenario.numItems)),
          0,
          'junk after PAD',
        );
      }),
      params,
    );
  },
};

export const corpusItemRelabel: Check<CorpusSubject> = {
  name: 'is invariant to renaming items consistently',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.numItems))),
        ([scenario, perm]) => {
          const relabelled = relabelItems(scenario, perm);
          expectClose(compute(s, scenario), compute(s, relabelled), s.tolerance, 'items renamed');
        },
      ),
      params,
    );
  },
};

export const corpusGroupRelabel: Check<CorpusSubject> = {
  name: 'is invariant to renaming groups (group-relabel-invariant)',
  applies: (s) => s.properties.includes('group-relabel-invariant'),
  skipReason: "the metric does not declare 'group-relabel-invariant'",
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.groups.count))),
        ([scenario, perm]) => {
          const relabelled = relabelGroups(scenario, perm);
          expectClose(compute(s, scenario), compute(s, relabelled), s.tolerance, 'groups renamed');
        },
      ),
      params,
    );
  },
};

export const corpusCategoryRelabel: Check<CorpusSubject> = {
  name: 'is invariant to renaming categories (category-relabel-invariant)',
  applies: (s) => s.properties.includes('category-relabel-invariant'),
  skipReason: "the metric does not declare 'category-relabel-invariant'",
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.categories.count))),
        ([scenario, perm]) => {
          const relabelled = relabelCategories(scenario, perm);
          expectClose(compute(s, scenario), compute(s, relabelled), s.tolerance, 'categories renamed');
        },
      ),
      params,
    );
  },
};

export const corpusAgreesWithReference: Check<CorpusSubject> = {
  name: 'agrees with the reference implementation',
  applies: (s) => s.reference !== undefined,
  skipReason: 'the spec gives no reference implementation',
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) =>
        expectClose(
          compute(s, scenario),
          s.reference!(referenceCorpus(scenario, s.requires)),
          s.tolerance,
          'fast vs reference',
        ),
      ),
      params,
    );
  },
};

export const corpusChecks: readonly Check<CorpusSubject>[] = [
  corpusFiniteInRange,
  corpusDeterministic,
  corpusUserOrder,
  corpusPadding,
  corpusItemRelabel,
  corpusGroupRelabel,
  corpusCategoryRelabel,
  corpusAgreesWithReference,
];
