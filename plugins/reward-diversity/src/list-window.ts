import { type ListBatch, PAD_ITEM } from '@bladerec/core';

/** Windows up to this size are deduplicated by a linear scan; larger ones by a stamp table. */
const SCAN_LIMIT = 32;

/**
 * Collects, list by list, the items a set-based list metric scores: the distinct known items among
 * the first `k` slots, in first-occurrence order.
 *
 * The window is cut first and filtered second: a list ends at its first `PAD_ITEM`; inside the
 * window, unknown ids (`UNKNOWN_ITEM`, or any id outside `0 … numItems − 1`) and repeats of an
 * earlier item are dropped but still use up their slot, so items after slot `k` never enter.
 */
export class ListWindow {
  /** The items of the last {@link collect}ed list; entries `0 … n − 1` are valid. */
  readonly ids: Int32Array;
  private readonly stamp: Int32Array | undefined;
  private readonly k: number;

  constructor(
    private readonly batch: ListBatch,
    k: number,
    private readonly numItems: number,
  ) {
    this.k = Math.min(k, batch.width);
    this.ids = new Int32Array(Math.max(this.k, 1));
    this.stamp = this.k > SCAN_LIMIT ? new Int32Array(numItems) : undefined;
  }

  /** Fills {@link ids} with the items of list `row`. @returns their count `n`. */
  collect(row: number): number {
    const { items, width } = this.batch;
    const { ids, stamp, k, numItems } = this;
    const start = row * width;
    let n = 0;
    for (let p = 0; p < k; p++) {
      const id = items[start + p]!;
      if (id === PAD_ITEM) break;
      if (id < 0 || id >= numItems) continue;
      if (stamp) {
        if (stamp[id] === row + 1) continue;
        stamp[id] = row + 1;
      } else {
        let seen = false;
        for (let j = 0; j < n; j++) {
          if (ids[j] === id) {
            seen = true;
            break;
          }
        }
        if (seen) continue;
      }
      ids[n++] = id;
    }
    return n;
  }
}
