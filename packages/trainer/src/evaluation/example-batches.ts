import {
  csrFromArrays,
  type Csr,
  type ItemSide,
  type ListBatch,
  type RewardInputs,
  type SequenceExample,
} from '@bladerec/core';

/** Histories of examples as a {@link Csr} (oldest first), optionally only the last `maxLength` items. */
export function historiesOf(examples: readonly SequenceExample[], maxLength?: number): Csr {
  return csrFromArrays(
    examples.map((e) =>
      maxLength !== undefined && e.history.length > maxLength
        ? e.history.subarray(e.history.length - maxLength)
        : e.history,
    ),
  );
}

/**
 * Reward inputs for lists recommended to `examples` (row-aligned): each example's targets are its
 * relevant items (grade 1) and its history is the user history.
 */
export function evaluationInputs(
  examples: readonly SequenceExample[],
  lists: ListBatch,
  items: ItemSide,
): RewardInputs {
  if (lists.size !== examples.length) throw new RangeError(`${lists.size} lists for ${examples.length} examples`);
  const targets = csrFromArrays(examples.map((e) => e.targets));
  return {
    lists,
    relevance: { ...targets, grades: new Float32Array(targets.values.length).fill(1) },
    history: historiesOf(examples),
    items,
  };
}
