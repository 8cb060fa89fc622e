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

/** The rows `subset` of a table of per-row entries, in that order. */
export function selectRowEntries(table: BannedItems, subset: ArrayLike<number>): BannedItems {
  const offsets = new Int32Array(subset.length + 1);
  for (let u = 0; u < subset.length; u++) {
    const r = subset[u]!;
    offsets[u + 1] = offsets[u]! + table.offsets[r + 1]! - table.offsets[r]!;
  }
  const items = new Int32Array(offsets[subset.length]!);
  const values = table.values ? new Float32Array(items.length) : undefined;
  for (let u = 0; u < subset.length; u++) {
    const r = subset[u]!;
    items.set(table.items.subarray(table.offsets[r]!, table.offsets[r + 1]!), offsets[u]!);
    values?.set(table.values!.subarray(table.offsets[r]!, table.offsets[r + 1]!), offsets[u]!);
  }
  return values ? { offsets, items, values } : { offsets, items };
}
