import {
  type ComposedObjective,
  csrFromArrays,
  type ItemSide,
  type ListBatch,
  MetricValueError,
  type SequenceExample,
} from '@bladerec/core';

/** Rewards of a batch of lists: each objective term oriented (higher is better) and the weighted total. */
export interface RolloutRewards {
  /** `T_t(r_t)` per term t (orientation and normalisation of the objective applied). */
  readonly terms: Float64Array[];
  /** Raw term scores as the rewards returned them (for logging). */
  readonly raw: Float64Array[];
  /** `Σ_t w_t T_t(r_t)`: the objective's value. */
  readonly total: Float64Array;
}

/**
 * Scores lists generated for examples (`rows[r]` = example of list r): the example's targets are the
 * relevant items and its history is the user history. A reward that fails on a list names that
 * list's user (or `example <index>` when the data set has no user ids).
 */
export function scoreRollouts(
  objective: ComposedObjective,
  examples: readonly SequenceExample[],
  rows: ArrayLike<number>,
  lists: ListBatch,
  items: ItemSide,
): RolloutRewards {
  const n = lists.size;
  const pick = Array.from({ length: n }, (_, r) => examples[rows[r]!]!);
  const targets = csrFromArrays(pick.map((e) => e.targets));
  let scored: ReturnType<ComposedObjective['scoreTerms']>;
  try {
    scored = objective.scoreTerms({
      lists,
      relevance: { ...targets, grades: new Float32Array(targets.values.length).fill(1) },
      history: csrFromArrays(pick.map((e) => e.history)),
      items,
    });
  } catch (error) {
    const row = error instanceof MetricValueError ? error.problem.index : undefined;
    if (row === undefined) throw error;
    throw (error as MetricValueError).withUser(pick[row]!.user ?? `example ${rows[row]}`);
  }
  const { terms: raw, total } = scored;
  const terms = raw.map((values, t) => Float64Array.from(values, (x) => objective.transform(t, x)));
  return { terms, raw: [...raw], total };
}
