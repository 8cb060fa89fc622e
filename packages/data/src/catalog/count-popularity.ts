import type { SequenceExample } from '@bladerec/core';

/**
 * Occurrences of each item in the given examples' histories and targets: the popularity used when a
 * data set ships no interaction counts (documented per format in `docs/data.md`).
 */
export function countPopularity(examples: readonly SequenceExample[], size: number): Float64Array {
  const counts = new Float64Array(size);
  for (const example of examples) {
    for (const i of example.history) counts[i]!++;
    for (const i of example.targets) counts[i]!++;
  }
  return counts;
}
