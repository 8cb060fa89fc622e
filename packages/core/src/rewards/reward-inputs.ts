import { type Csr, csrFromArrays, csrRow, csrRows } from './csr.js';
import { type ListBatch, listBatchFromArrays } from './list-batch.js';

/**
 * Graded relevance judgments, one row per list: `items` (as a {@link Csr}) and a parallel `grades`
 * array. Items within a row are distinct. Grades are ≥ 0 and only positive grades are relevant; an
 * item absent from a row has grade 0. Binary relevance uses grade 1.
 */
export interface RelevanceBatch extends Csr {
  /** Grade of each entry of `values`, same length. */
  readonly grades: Float32Array;
}

/**
 * Side information about the item space, shared by every list in a batch.
 * Each field is optional; rewards declare which ones they need.
 */
export interface ItemSide {
  /** Size of the item space; valid ids are `0 … numItems − 1`. */
  readonly numItems: number;
  /** Category (genre) sets: one {@link Csr} row per item, values in `0 … count − 1`. */
  readonly categories?: Csr & { readonly count: number; readonly names?: readonly string[] };
  /** One group per item (e.g. popularity group), values in `0 … count − 1`; −1 means no group. */
  readonly groups?: { readonly of: Int32Array; readonly count: number; readonly names?: readonly string[] };
  /** Item embeddings, `numItems × dim`, row-major. */
  readonly embeddings?: { readonly dim: number; readonly data: Float32Array };
  /** Training interaction count per item. */
  readonly popularity?: Float64Array;
}

/** The kinds of input a reward can require; the evaluator checks them before scoring. */
export type RewardInput = 'relevance' | 'history' | 'categories' | 'groups' | 'embeddings' | 'popularity';

/** Everything a list reward or corpus metric scores: the lists, per-list judgments, item side info. */
export interface RewardInputs {
  readonly lists: ListBatch;
  /** Relevant items per list (row `b` judges list `b`). */
  readonly relevance?: RelevanceBatch;
  /** The user's history per list (row `b` belongs to list `b`). */
  readonly history?: Csr;
  readonly items: ItemSide;
}

/** Builds a {@link RelevanceBatch}; each row is a list of item ids (grade 1) or a `Map` id → grade. */
export function relevanceFromArrays(
  rows: ReadonlyArray<ArrayLike<number> | ReadonlyMap<number, number>>,
): RelevanceBatch {
  const ids: number[][] = [];
  const grades: number[] = [];
  for (const row of rows) {
    if (row instanceof Map) {
      ids.push([...row.keys()]);
      grades.push(...row.values());
    } else {
      const arr = Array.from(row as ArrayLike<number>);
      ids.push(arr);
      for (let i = 0; i < arr.length; i++) grades.push(1);
    }
  }
  const csr = csrFromArrays(ids);
  return { ...csr, grades: Float32Array.from(grades) };
}

/** Which of the {@link RewardInput}s are present in `inputs`. */
export function availableInputs(inputs: Pick<RewardInputs, 'relevance' | 'history' | 'items'>): Set<RewardInput> {
  const have = new Set<RewardInput>();
  if (inputs.relevance) have.add('relevance');
  if (inputs.history) have.add('history');
  if (inputs.items.categories) have.add('categories');
  if (inputs.items.groups) have.add('groups');
  if (inputs.items.embeddings) have.add('embeddings');
  if (inputs.items.popularity) have.add('popularity');
  return have;
}

/**
 * The rows `start … end − 1` of a batch as a new {@link RewardInputs} (copies of the per-list parts;
 * the item side is shared). Used to chunk large evaluations and to check batch = one-by-one.
 */
export function sliceInputs(inputs: RewardInputs, start: number, end: number): RewardInputs {
  const { lists } = inputs;
  const sliceCsr = (csr: Csr): Csr => {
    const rows: Int32Array[] = [];
    for (let r = start; r < end; r++) rows.push(csrRow(csr, r));
    return csrFromArrays(rows);
  };
  let relevance: RelevanceBatch | undefined;
  if (inputs.relevance) {
    const rel = inputs.relevance;
    const base = rel.offsets[start]!;
    relevance = { ...sliceCsr(rel), grades: rel.grades.slice(base, rel.offsets[end]!) };
  }
  return {
    lists: { size: end - start, width: lists.width, items: lists.items.slice(start * lists.width, end * lists.width) },
    relevance,
    history: inputs.history ? sliceCsr(inputs.history) : undefined,
    items: inputs.items,
  };
}

/** Convenience builder for tests and small programs: plain arrays in, {@link RewardInputs} out. */
export function rewardInputsFromArrays(spec: {
  lists: ReadonlyArray<ArrayLike<number>>;
  width?: number;
  relevant?: ReadonlyArray<ArrayLike<number> | ReadonlyMap<number, number>>;
  history?: ReadonlyArray<ArrayLike<number>>;
  items: ItemSide;
}): RewardInputs {
  const lists = listBatchFromArrays(spec.lists, spec.width);
  const relevance = spec.relevant ? relevanceFromArrays(spec.relevant) : undefined;
  const history = spec.history ? csrFromArrays(spec.history) : undefined;
  for (const [name, csr] of [
    ['relevant', relevance],
    ['history', history],
  ] as const) {
    if (csr && csrRows(csr) !== lists.size)
      throw new RangeError(`${name} has ${csrRows(csr)} rows for ${lists.size} lists`);
  }
  return { lists, relevance, history, items: spec.items };
}
