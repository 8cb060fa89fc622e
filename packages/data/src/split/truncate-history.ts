import type { SequenceExample } from '@bladerec/core';

/** The last `maxLength` items of a history (the same array when it is short enough). */
export function truncateHistory(history: Int32Array, maxLength: number): Int32Array {
  if (!Number.isInteger(maxLength) || maxLength < 0)
    throw new RangeError(`truncateHistory: maxLength must be a non-negative integer, got ${maxLength}`);
  return history.length <= maxLength ? history : history.slice(history.length - maxLength);
}

/** Every example with its history cut to the last `maxLength` items (targets unchanged). */
export function truncateHistories(examples: readonly SequenceExample[], maxLength: number): SequenceExample[] {
  return examples.map((e) =>
    e.history.length <= maxLength ? e : { ...e, history: truncateHistory(e.history, maxLength) },
  );
}
