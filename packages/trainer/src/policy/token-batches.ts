import { type Csr, type ListBatch, PAD_ITEM } from '@bladerec/core';
import { PAD_TOKEN, type TokenBatch } from '../model/transformer.js';

/**
 * The last `context` items of each history, right-aligned (padding on the left), one row per entry
 * of `rows` (`rows[r]` = the history of row r; default: one row per history).
 */
export function contextTokens(histories: Csr, context: number, rows?: ArrayLike<number>): TokenBatch {
  const count = rows ? rows.length : histories.offsets.length - 1;
  const tokens = new Int32Array(count * context).fill(PAD_TOKEN);
  for (let r = 0; r < count; r++) {
    const c = rows ? rows[r]! : r;
    const end = histories.offsets[c + 1]!;
    const start = Math.max(histories.offsets[c]!, end - context);
    const n = end - start;
    tokens.set(histories.values.subarray(start, end), r * context + (context - n));
  }
  return { batch: count, length: context, tokens };
}

/**
 * Teacher-forcing input for scoring lists: `[history (right-aligned in `context` slots), y_1 … y_{K−1}]`,
 * length `context + K − 1`. The prediction of `y_t` is read at position `context − 1 + (t − 1)`.
 * @throws RangeError if a list has padding or unknown items before its K-th slot.
 */
export function listTokens(histories: Csr, context: number, lists: ListBatch, rows: ArrayLike<number>): TokenBatch {
  const K = lists.width;
  const T = context + K - 1;
  const base = contextTokens(histories, context, rows);
  const tokens = new Int32Array(lists.size * T).fill(PAD_TOKEN);
  for (let r = 0; r < lists.size; r++) {
    tokens.set(base.tokens.subarray(r * context, (r + 1) * context), r * T);
    for (let t = 0; t < K; t++) {
      const id = lists.items[r * K + t]!;
      if (id < 0) throw new RangeError(`list ${r} has ${id === PAD_ITEM ? 'padding' : 'an unknown item'} at position ${t}; only full lists of catalog items can be scored`);
      if (t < K - 1) tokens[r * T + context + t] = id;
    }
  }
  return { batch: lists.size, length: T, tokens };
}
