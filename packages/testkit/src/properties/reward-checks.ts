import { sliceInputs, UNKNOWN_ITEM } from '@bladerec/core';
import fc from 'fast-check';
import { permutationArbitrary, scenarioArbitrary } from '../arbitraries/scenario-arbitrary.js';
import {
  junkAfterPad,
  referenceExample,
  relabelCategories,
  relabelGroups,
  relabelItems,
  type Scenario,
  toInputs,
  withScenario,
} from '../arbitraries/scenario.js';
import { assertSameScores, close } from './compare.js';
import type { Check, RewardSubject } from './subject.js';

const score = (s: RewardSubject, scenario: Scenario) => s.reward.score(toInputs(scenario, s.requires));
const has = (s: RewardSubject, p: string) => (s.reward.meta.properties as readonly string[]).includes(p);

/** Scores are finite and inside `meta.range`. */
export const finiteInRange: Check<RewardSubject> = {
  name: 'scores are finite and inside the declared range',
  applies: () => true,
  run(s, params) {
    const [lo, hi] = s.reward.meta.range;
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) => {
        const out = score(s, scenario);
        if (out.length < scenario.lists.length)
          throw new Error(`returned ${out.length} scores for ${scenario.lists.length} lists`);
        for (let b = 0; b < scenario.lists.length; b++) {
          const x = out[b]!;
          if (!Number.isFinite(x)) throw new Error(`list ${b} scored ${x}`);
          if (x < lo - 1e-9 * Math.max(1, Math.abs(lo)) || x > hi + 1e-9 * Math.max(1, Math.abs(hi)))
            throw new Error(`list ${b} scored ${x}, outside [${lo}, ${hi}]`);
        }
      }),
      params,
    );
  },
};

/** The same inputs give bit-identical scores, also through the caller's output buffer. */
export const deterministic: Check<RewardSubject> = {
  name: 'is deterministic (and honours the output buffer)',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) => {
        const inputs = toInputs(scenario, s.requires);
        const first = Float64Array.from(s.reward.score(inputs).subarray(0, scenario.lists.length));
        const buffer = new Float64Array(scenario.lists.length).fill(Number.NaN);
        const second = s.reward.score(inputs, buffer);
        if (second !== buffer) throw new Error('score(inputs, out) must return `out`');
        assertSameScores(first, second, 0, 'second run');
        assertSameScores(
          first,
          s.reward.score(toInputs(scenario, s.requires)).subarray(0, scenario.lists.length),
          0,
          'rebuilt inputs',
        );
      }),
      params,
    );
  },
};

/** Scoring the batch equals scoring each list alone. */
export const batchEqualsSingle: Check<RewardSubject> = {
  name: 'batch scores equal one-by-one scores',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) => {
        const inputs = toInputs(scenario, s.requires);
        const batch = s.reward.score(inputs);
        for (let b = 0; b < scenario.lists.length; b++) {
          const single = s.reward.score(sliceInputs(inputs, b, b + 1));
          if (!close(batch[b]!, single[0]!, 0)) throw new Error(`list ${b}: batch ${batch[b]} vs alone ${single[0]}`);
        }
      }),
      params,
    );
  },
};

/** Extra padding columns and junk after the first PAD change nothing. */
export const padding: Check<RewardSubject> = {
  name: 'ignores padding and anything after it',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), fc.integer({ min: 1, max: 4 }), (scenario, pad) => {
        const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
        const wider = s.reward.score(
          toInputs(withScenario(scenario, { extraPad: scenario.extraPad + pad }), s.requires),
        );
        assertSameScores(base, wider.subarray(0, scenario.lists.length), 0, 'wider padding');
        const junk = junkAfterPad(
          toInputs(withScenario(scenario, { extraPad: scenario.extraPad + pad }), s.requires),
          (i) => i % scenario.numItems,
        );
        assertSameScores(base, s.reward.score(junk).subarray(0, scenario.lists.length), 0, 'junk after PAD');
      }),
      params,
    );
  },
};

/**
 * Unknown items behave as declared: `skipped` — the score equals that of the list without them
 * (with a cutoff: the first `cutoff` slots without their unknown items); `zero-gain` — the score
 * equals that of the list with a distinct featureless, irrelevant item in each of their slots.
 */
export const unknownItems: Check<RewardSubject> = {
  name: 'treats unknown items as declared',
  applies: (s) => s.reward.meta.unknownItems === 'skipped' || !s.requires.includes('embeddings'),
  skipReason:
    "a 'zero-gain' reward that reads embeddings: a fresh item's zero vector is not \"nothing\" to a cosine distance",
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary({ ...s.limits, unknownItems: true }), (scenario) => {
        const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
        let other: Scenario;
        if (s.reward.meta.unknownItems === 'skipped') {
          // with a cutoff the top-K window is taken first: unknown slots inside it are dropped, not refilled
          const cutoff = s.reward.meta.cutoff;
          other = withScenario(scenario, {
            lists: scenario.lists.map((l) =>
              (cutoff === undefined ? l : l.slice(0, cutoff)).filter((id) => id !== UNKNOWN_ITEM),
            ),
          });
        } else {
          // a distinct featureless item (no relevance, categories or group) for every unknown slot
          let fresh = scenario.numItems;
          const lists = scenario.lists.map((l) => l.map((id) => (id === UNKNOWN_ITEM ? fresh++ : id)));
          const added = fresh - scenario.numItems;
          const zeros = scenario.embeddings.data[0]!.map(() => 0);
          other = {
            ...scenario,
            numItems: fresh,
            lists,
            categories: {
              ...scenario.categories,
              ofItem: [...scenario.categories.ofItem, ...Array.from({ length: added }, () => [])],
            },
            groups: { ...scenario.groups, of: [...scenario.groups.of, ...Array.from({ length: added }, () => -1)] },
            embeddings: {
              ...scenario.embeddings,
              data: [...scenario.embeddings.data, ...Array.from({ length: added }, () => zeros)],
            },
            popularity: [...scenario.popularity, ...Array.from({ length: added }, () => 0)],
          };
        }
        assertSameScores(
          base,
          s.reward.score(toInputs(other, s.requires)).subarray(0, scenario.lists.length),
          s.tolerance,
          `unknown items (${s.reward.meta.unknownItems})`,
        );
      }),
      params,
    );
  },
};

/**
 * Declared `order-invariant`: shuffling a list (with a cutoff: its first `cutoff` slots) leaves its score unchanged.
 */
export const orderInvariant: Check<RewardSubject> = {
  name: 'ignores the order of the list (order-invariant)',
  applies: (s) => has(s, 'order-invariant'),
  skipReason: "the reward does not declare 'order-invariant'",
  run(s, params) {
    const window = (n: number) => Math.min(n, s.reward.meta.cutoff ?? n);
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) =>
          fc.tuple(fc.constant(sc), fc.tuple(...sc.lists.map((l) => permutationArbitrary(window(l.length))))),
        ),
        ([scenario, perms]) => {
          const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
          const shuffled = withScenario(scenario, {
            lists: scenario.lists.map((l, b) => [...perms[b]!.map((i) => l[i]!), ...l.slice(perms[b]!.length)]),
          });
          assertSameScores(
            base,
            s.reward.score(toInputs(shuffled, s.requires)).subarray(0, scenario.lists.length),
            s.tolerance,
            'shuffled list',
          );
        },
      ),
      params,
    );
  },
};

/** Declared `relevance-monotone`: swapping a more relevant item above a less relevant one never lowers the score. */
export const relevanceMonotone: Check<RewardSubject> = {
  name: 'never drops when a more relevant item moves up (relevance-monotone)',
  applies: (s) => has(s, 'relevance-monotone'),
  skipReason: "the reward does not declare 'relevance-monotone'",
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), fc.nat(), fc.nat(), fc.nat(), (scenario, bi, x, y) => {
        const b = bi % scenario.lists.length;
        const list = scenario.lists[b]!;
        if (list.length < 2) return;
        let i = x % list.length;
        let j = y % list.length;
        if (i === j) return;
        if (i > j) [i, j] = [j, i];
        // a repeat of an earlier item has no relevance of its own (first occurrence counts)
        const grade = (p: number) => (list.indexOf(list[p]!) < p ? 0 : (scenario.relevant[b]!.get(list[p]!) ?? 0));
        if (!(grade(j) > grade(i))) return;
        const swapped = [...list];
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        const before = s.reward.score(toInputs(scenario, s.requires))[b]!;
        const after = s.reward.score(
          toInputs(
            withScenario(scenario, { lists: scenario.lists.map((l, k) => (k === b ? swapped : l)) }),
            s.requires,
          ),
        )[b]!;
        if (after < before - s.tolerance * Math.max(1, Math.abs(before))) {
          throw new Error(
            `moving item ${list[j]} (grade ${grade(j)}) from ${j} above ${list[i]} (grade ${grade(i)}) at ${i} lowered the score ${before} → ${after}`,
          );
        }
      }),
      params,
    );
  },
};

/** Declared `cutoff-invariant`: items at positions ≥ `meta.cutoff` do not matter. */
export const cutoffInvariant: Check<RewardSubject> = {
  name: 'ignores items below the cutoff (cutoff-invariant)',
  applies: (s) => has(s, 'cutoff-invariant') && s.reward.meta.cutoff !== undefined,
  skipReason: "the reward does not declare 'cutoff-invariant' with a cutoff",
  run(s, params) {
    const k = s.reward.meta.cutoff!;
    fc.assert(
      fc.property(
        scenarioArbitrary({ ...s.limits, maxLength: Math.max(s.limits.maxLength ?? 12, k + 3) }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (scenario, tail) => {
          const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
          const changed = withScenario(scenario, {
            lists: scenario.lists.map((l) =>
              l.length >= k ? [...l.slice(0, k), ...tail.map((t) => t % scenario.numItems)] : l,
            ),
          });
          assertSameScores(
            base,
            s.reward.score(toInputs(changed, s.requires)).subarray(0, scenario.lists.length),
            0,
            `items after position ${k} changed`,
          );
        },
      ),
      params,
    );
  },
};

/** Declared `duplicates-ignored`: a repeat of an earlier item scores like an unknown item in its slot. */
export const duplicatesIgnored: Check<RewardSubject> = {
  name: 'ignores repeated items (duplicates-ignored)',
  applies: (s) => has(s, 'duplicates-ignored'),
  skipReason: "the reward does not declare 'duplicates-ignored'",
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary({ ...s.limits, duplicates: true }), (scenario) => {
        const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
        const deduped = withScenario(scenario, {
          lists: scenario.lists.map((l) => l.map((id, p) => (id >= 0 && l.indexOf(id) < p ? UNKNOWN_ITEM : id))),
        });
        assertSameScores(
          base,
          s.reward.score(toInputs(deduped, s.requires)).subarray(0, scenario.lists.length),
          s.tolerance,
          'repeats replaced by unknown items',
        );
      }),
      params,
    );
  },
};

/** Every reward: renaming items consistently everywhere (lists, judgments, side info) changes nothing. */
export const itemRelabel: Check<RewardSubject> = {
  name: 'is invariant to renaming items consistently',
  applies: () => true,
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.numItems))),
        ([scenario, perm]) => {
          const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
          const relabelled = relabelItems(scenario, perm);
          assertSameScores(
            base,
            s.reward.score(toInputs(relabelled, s.requires)).subarray(0, scenario.lists.length),
            s.tolerance,
            'items renamed',
          );
        },
      ),
      params,
    );
  },
};

/** Declared `group-relabel-invariant`: permuting group ids changes nothing. */
export const groupRelabel: Check<RewardSubject> = {
  name: 'is invariant to renaming groups (group-relabel-invariant)',
  applies: (s) => has(s, 'group-relabel-invariant'),
  skipReason: "the reward does not declare 'group-relabel-invariant'",
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.groups.count))),
        ([scenario, perm]) => {
          const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
          const relabelled = relabelGroups(scenario, perm);
          assertSameScores(
            base,
            s.reward.score(toInputs(relabelled, s.requires)).subarray(0, scenario.lists.length),
            s.tolerance,
            'groups renamed',
          );
        },
      ),
      params,
    );
  },
};

/** Declared `category-relabel-invariant`: permuting category ids changes nothing. */
export const categoryRelabel: Check<RewardSubject> = {
  name: 'is invariant to renaming categories (category-relabel-invariant)',
  applies: (s) => has(s, 'category-relabel-invariant'),
  skipReason: "the reward does not declare 'category-relabel-invariant'",
  run(s, params) {
    fc.assert(
      fc.property(
        scenarioArbitrary(s.limits).chain((sc) => fc.tuple(fc.constant(sc), permutationArbitrary(sc.categories.count))),
        ([scenario, perm]) => {
          const base = s.reward.score(toInputs(scenario, s.requires)).slice(0, scenario.lists.length);
          const relabelled = relabelCategories(scenario, perm);
          assertSameScores(
            base,
            s.reward.score(toInputs(relabelled, s.requires)).subarray(0, scenario.lists.length),
            s.tolerance,
            'categories renamed',
          );
        },
      ),
      params,
    );
  },
};

/** Agreement with the slow reference implementation. */
export const agreesWithReference: Check<RewardSubject> = {
  name: 'agrees with the reference implementation',
  applies: (s) => s.reference !== undefined,
  skipReason: 'the spec gives no reference implementation',
  run(s, params) {
    fc.assert(
      fc.property(scenarioArbitrary(s.limits), (scenario) => {
        const fast = s.reward.score(toInputs(scenario, s.requires));
        for (let b = 0; b < scenario.lists.length; b++) {
          const expected = s.reference!(referenceExample(scenario, b, s.requires));
          if (!close(fast[b]!, expected, s.tolerance))
            throw new Error(`list ${b} [${scenario.lists[b]!.join(', ')}]: fast ${fast[b]} vs reference ${expected}`);
        }
      }),
      params,
    );
  },
};

/** Every list-reward check, in the order the tester runs them. */
export const rewardChecks: readonly Check<RewardSubject>[] = [
  finiteInRange,
  deterministic,
  batchEqualsSingle,
  padding,
  unknownItems,
  orderInvariant,
  relevanceMonotone,
  cutoffInvariant,
  duplicatesIgnored,
  itemRelabel,
  groupRelabel,
  categoryRelabel,
  agreesWithReference,
];
