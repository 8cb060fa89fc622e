import type { BannedItems } from '../../kernels/vocab-kernel.js';

/**
 * Row by row concatenation of per-row additive entries (CSR over the same `rows`): a table without
 * `values` counts as bans (−∞). Returns a table with `values`; `undefined` when both are absent.
 * Within a row the entries of `a` come first, so positions `offsets[r] … offsets[r] + |a_r|` are a's.
 */
export function mergeRowEntries(rows: number, a?: BannedItems, b?: BannedItems): BannedItems | undefined {
  if (!a && !b) return undefined;
  const size = (t: BannedItems | undefined, r: number) => (t ? t.offsets[r + 1]! - t.offsets[r]! : 0);
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r]! + size(a, r) + size(b, r);
  const items = new Int32Array(offsets[rows]!);
  const values = new Float32Array(offsets[rows]!);
  for (let r = 0; r < rows; r++) {
    let n = offsets[r]!;
    for (const t of [a, b]) {
      if (!t) continue;
      for (let j = t.offsets[r]!; j < t.offsets[r + 1]!; j++, n++) {
        items[n] = t.items[j]!;
        values[n] = t.values ? t.values[j]! : -Infinity;
      }
    }
  }
  return { offsets, items, values };
}
