import type { Csr } from '@bladerec/core';
import type { BannedItems } from '../kernels/vocab-kernel.js';

/**
 * The items each row of a decoding batch may no longer choose — its history (when excluded) and the
 * items already in its list — kept as small per-row lists and handed to the fused kernels as CSR
 * (instead of a dense `[R × V]` additive mask).
 */
export class ListBans {
  private readonly rows: number[][];

  /** @param rows `rows[r]` = the context of row r in `contexts`. */
  constructor(contexts: Csr, rows: ArrayLike<number>, excludeHistory: boolean) {
    this.rows = Array.from({ length: rows.length }, (_, r) => {
      const c = rows[r]!;
      return excludeHistory ? Array.from(contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!)) : [];
    });
  }

  /** Bans `item` for row `r` from now on. */
  add(r: number, item: number): void {
    this.rows[r]!.push(item);
  }

  /** The current bans as CSR (of the rows `subset`, in that order, when given). */
  csr(subset?: ArrayLike<number>): BannedItems {
    const rows = subset ? Array.from(subset, (r) => this.rows[r]!) : this.rows;
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((row, r) => (offsets[r + 1] = offsets[r]! + row.length));
    const items = new Int32Array(offsets[rows.length]!);
    rows.forEach((row, r) => items.set(row, offsets[r]!));
    return { offsets, items };
  }
}
