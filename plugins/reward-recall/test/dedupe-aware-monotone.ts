import { type ListRewardDefinition, ListRewardRegistryImpl } from '@bladerec/core';
import { scenarioArbitrary, toInputs, withScenario } from '@bladerec/testkit';
import fc from 'fast-check';
import { it } from 'vitest';

/**
 * Registers a property: with a repeat counted as grade 0 (as `duplicates-ignored` says it is),
 * swapping a more relevant item above a less relevant one never lowers the score. This is the form of
 * `relevance-monotone` that holds for Recall and Precision; the conformance kit's check compares raw
 * grades instead, which a repeat of a high-grade item breaks.
 */
export function dedupeAwareMonotone(definition: ListRewardDefinition, ks: readonly number[], numRuns = 200): void {
  for (const k of ks) {
    it(`never drops when a more relevant first occurrence moves up (repeats count as grade 0), k = ${k}`, () => {
      const reward = new ListRewardRegistryImpl([definition]).create(definition.meta.id, { k });
      fc.assert(
        fc.property(scenarioArbitrary(), fc.nat(), fc.nat(), fc.nat(), (scenario, bi, x, y) => {
          const b = bi % scenario.lists.length;
          const list = scenario.lists[b]!;
          if (list.length < 2) return;
          const [i, j] = [x % list.length, y % list.length].sort((u, v) => u - v) as [number, number];
          const grade = (p: number) => (list[p]! >= 0 && list.indexOf(list[p]!) === p ? (scenario.relevant[b]!.get(list[p]!) ?? 0) : 0);
          if (!(grade(j) > grade(i))) return;
          const swapped = [...list];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          const before = reward.score(toInputs(scenario, reward.meta.requires))[b]!;
          const after = reward.score(toInputs(withScenario(scenario, { lists: scenario.lists.map((l, c) => (c === b ? swapped : l)) }), reward.meta.requires))[b]!;
          if (after < before) throw new Error(`swapping positions ${i} and ${j} of [${list.join(', ')}] lowered the score ${before} → ${after}`);
        }),
        { numRuns },
      );
    });
  }
}
