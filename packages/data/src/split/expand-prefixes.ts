import type { SequenceExample } from '@bladerec/core';

/** Options of {@link expandPrefixes}. */
export interface ExpandPrefixesOptions {
  /** Shortest history to emit (default 1). */
  readonly minHistory?: number;
  /** Histories keep at most their last `maxHistory` items (default: unlimited). */
  readonly maxHistory?: number;
}

/**
 * Every next-item training example contained in each example: the example's full sequence
 * `history ++ targets` is walked left to right and each position `j ≥ minHistory` gives
 * `(sequence[j − maxHistory … j) → [sequence[j]])`. An example `[a, b, c] → [d]` with the defaults
 * gives `[a] → b`, `[a, b] → c`, `[a, b, c] → d`. The user id is kept.
 */
export function expandPrefixes(
  examples: readonly SequenceExample[],
  options: ExpandPrefixesOptions = {},
): SequenceExample[] {
  const minHistory = options.minHistory ?? 1;
  const maxHistory = options.maxHistory ?? Infinity;
  if (!Number.isInteger(minHistory) || minHistory < 0)
    throw new RangeError(`expandPrefixes: minHistory must be a non-negative integer, got ${minHistory}`);
  if (!(maxHistory >= 1)) throw new RangeError(`expandPrefixes: maxHistory must be at least 1, got ${maxHistory}`);
  const out: SequenceExample[] = [];
  for (const example of examples) {
    const seq = new Int32Array(example.history.length + example.targets.length);
    seq.set(example.history);
    seq.set(example.targets, example.history.length);
    for (let j = Math.max(minHistory, 0); j < seq.length; j++) {
      const history = seq.slice(Math.max(0, j - maxHistory), j);
      const targets = seq.slice(j, j + 1);
      out.push(example.user === undefined ? { history, targets } : { user: example.user, history, targets });
    }
  }
  return out;
}
