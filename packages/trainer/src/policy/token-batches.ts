import type { Csr } from '@bladerec/core';
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
