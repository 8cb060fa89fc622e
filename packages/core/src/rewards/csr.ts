/**
 * Compressed sparse rows: row `r` owns `values[offsets[r] … offsets[r+1])`.
 * Used for per-user relevance judgments and histories, and for per-item category sets.
 */
export interface Csr {
  /** `rows + 1` non-decreasing offsets; `offsets[0] = 0`. */
  readonly offsets: Int32Array;
  /** Concatenated row contents. */
  readonly values: Int32Array;
}

/** Builds a {@link Csr} from arrays of integers. */
export function csrFromArrays(rows: ReadonlyArray<ArrayLike<number>>): Csr {
  const offsets = new Int32Array(rows.length + 1);
  let total = 0;
  rows.forEach((row, r) => {
    total += row.length;
    offsets[r + 1] = total;
  });
  const values = new Int32Array(total);
  rows.forEach((row, r) => values.set(Array.from(row), offsets[r]!));
  return { offsets, values };
}

/** Number of rows of a {@link Csr}. */
export function csrRows(csr: Csr): number {
  return csr.offsets.length - 1;
}

/** Row `r` of a {@link Csr} as a view (no copy). */
export function csrRow(csr: Csr, r: number): Int32Array {
  return csr.values.subarray(csr.offsets[r]!, csr.offsets[r + 1]!);
}
