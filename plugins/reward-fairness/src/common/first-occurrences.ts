import { PAD_ITEM, type ListBatch } from '@bladerec/core';

/**
 * Walks the first `k` slots of list `row` and calls `visit(id, slot)` for the first occurrence of
 * every catalog item; unknown items (`UNKNOWN_ITEM` or an id ≥ `numItems`) and repeats are skipped
 * but keep their slot. `seen` is a zeroed scratch array of length ≥ numItems, zeroed again on return.
 */
export function forEachFirstOccurrence(
  lists: ListBatch,
  row: number,
  k: number,
  numItems: number,
  seen: Uint8Array,
  touched: Int32Array,
  visit: (id: number, slot: number) => void,
): void {
  const { width, items } = lists;
  const base = row * width;
  const end = Math.min(k, width);
  let marked = 0;
  for (let slot = 0; slot < end; slot++) {
    const id = items[base + slot]!;
    if (id === PAD_ITEM) break;
    if (id < 0 || id >= numItems || seen[id] === 1) continue;
    seen[id] = 1;
    touched[marked++] = id;
    visit(id, slot);
  }
  for (let t = 0; t < marked; t++) seen[touched[t]!] = 0;
}

/** Scratch arrays for {@link forEachFirstOccurrence}, grown on demand and reused across calls. */
export class FirstOccurrenceScratch {
  private seenBuffer = new Uint8Array(0);
  private touchedBuffer = new Int32Array(0);

  constructor(private readonly k: number) {}

  /** A zeroed `seen` array of length ≥ `numItems` and a `touched` array of length ≥ k. */
  buffers(numItems: number): { seen: Uint8Array; touched: Int32Array } {
    if (this.seenBuffer.length < numItems) this.seenBuffer = new Uint8Array(numItems);
    if (this.touchedBuffer.length < this.k) this.touchedBuffer = new Int32Array(this.k);
    return { seen: this.seenBuffer, touched: this.touchedBuffer };
  }
}
