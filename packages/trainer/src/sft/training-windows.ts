import type { SequenceExample } from '@bladerec/core';
import { PAD_TOKEN, type TokenBatch } from '../model/transformer.js';

/** Which positions of a training window carry a next-item target. */
export type TargetPositions = 'all' | 'last';

/**
 * A training window: up to `context + 1` consecutive items; position j of the input predicts item
 * j + 1. `firstTarget` is the index (in `items`) of the first item that is a target.
 */
export interface TrainingWindow {
  readonly items: Int32Array;
  readonly firstTarget: number;
}

/**
 * Cuts every example's sequence `history ++ targets` into windows of at most `context + 1` items,
 * from the end backwards with stride `context`, so that every item after the first is the target of
 * exactly one position (teacher forcing over every prefix of the history).
 *
 * - `positions: 'all'` — every next item in the sequence is a target (history items included):
 *   the usual causal language-model objective, equivalent to training on every prefix.
 * - `positions: 'last'` — only the example's own targets are trained (for data sets that already
 *   list every prefix as a separate example, such as D3 training transitions).
 */
export function trainingWindows(
  examples: readonly SequenceExample[],
  context: number,
  positions: TargetPositions,
): TrainingWindow[] {
  const windows: TrainingWindow[] = [];
  for (const ex of examples) {
    const seq = new Int32Array(ex.history.length + ex.targets.length);
    seq.set(ex.history);
    seq.set(ex.targets, ex.history.length);
    const firstOwnTarget = positions === 'all' ? 1 : ex.history.length;
    if (seq.length < 2 || (ex.targets.length === 0 && positions === 'last')) continue;
    for (let end = seq.length; end > Math.max(firstOwnTarget, 1); end -= context) {
      const start = Math.max(0, end - context - 1);
      const items = seq.slice(start, end);
      const firstTarget = Math.max(1, firstOwnTarget - start);
      if (firstTarget < items.length) windows.push({ items, firstTarget });
      if (positions === 'last' && start <= 0) break;
    }
  }
  return windows;
}

/** Packs windows into a right-aligned input batch `[B, context]` and per-position targets (−1 = none). */
export function packWindows(
  windows: readonly TrainingWindow[],
  context: number,
): { batch: TokenBatch; targets: Int32Array } {
  const B = windows.length;
  const tokens = new Int32Array(B * context).fill(PAD_TOKEN);
  const targets = new Int32Array(B * context).fill(-1);
  windows.forEach((w, b) => {
    const inputs = w.items.length - 1;
    const offset = context - inputs;
    for (let j = 0; j < inputs; j++) {
      tokens[b * context + offset + j] = w.items[j]!;
      if (j + 1 >= w.firstTarget) targets[b * context + offset + j] = w.items[j + 1]!;
    }
  });
  return { batch: { batch: B, length: context, tokens }, targets };
}
