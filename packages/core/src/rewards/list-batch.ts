/**
 * A batch of ranked recommendation lists stored as one padded, row-major `Int32Array`.
 *
 * - Item ids are dense integer indices into the item space of {@link ItemSide} (`0 … numItems−1`).
 * - {@link PAD_ITEM} marks the end of a list: a list ends at its first `PAD_ITEM`, and every slot
 *   after it is ignored. Lists shorter than `width` are padded with it.
 * - {@link UNKNOWN_ITEM} is an item that is not in the catalog (a hallucinated or invalid id). It
 *   keeps its position, so it pushes later items down, but it never counts as relevant and has
 *   no side information. Rewards declare how they treat it (`unknownItems` in their metadata).
 */
export interface ListBatch {
  /** Number of lists B. */
  readonly size: number;
  /** Slots per list L (the padded width). */
  readonly width: number;
  /** `B × L` item ids, row-major. */
  readonly items: Int32Array;
}

/** Padding: the list ends at the first slot holding this value. */
export const PAD_ITEM = -1;
/** An item outside the catalog; it occupies its position but has no gain and no features. */
export const UNKNOWN_ITEM = -2;

/** Length of list `row`: the index of its first {@link PAD_ITEM}, or `width`. */
export function listLength(batch: ListBatch, row: number): number {
  const { items, width } = batch;
  const start = row * width;
  for (let k = 0; k < width; k++) if (items[start + k] === PAD_ITEM) return k;
  return width;
}

/**
 * Builds a padded batch from arrays of item ids. `width` defaults to the longest list.
 * @throws RangeError if an id is not an integer ≥ −2, or a list is longer than `width`.
 */
export function listBatchFromArrays(lists: ReadonlyArray<ArrayLike<number>>, width?: number): ListBatch {
  let w = width ?? 0;
  if (width === undefined) for (const list of lists) w = Math.max(w, list.length);
  const items = new Int32Array(lists.length * w).fill(PAD_ITEM);
  lists.forEach((list, row) => {
    if (list.length > w) throw new RangeError(`list ${row} has ${list.length} items, more than width ${w}`);
    for (let k = 0; k < list.length; k++) {
      const id = list[k]!;
      if (!Number.isInteger(id) || id < UNKNOWN_ITEM)
        throw new RangeError(`list ${row} slot ${k}: invalid item id ${id}`);
      items[row * w + k] = id;
    }
  });
  return { size: lists.length, width: w, items };
}

/** The lists of a batch as plain arrays (without padding); for tests and reference implementations. */
export function listBatchToArrays(batch: ListBatch): number[][] {
  const out: number[][] = [];
  for (let row = 0; row < batch.size; row++) {
    const n = listLength(batch, row);
    out.push(Array.from(batch.items.subarray(row * batch.width, row * batch.width + n)));
  }
  return out;
}
