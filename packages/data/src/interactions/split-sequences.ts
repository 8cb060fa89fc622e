import type { SequenceExample } from '@bladerec/core';
import type { LoadReportBuilder } from '../dataset/load-report-builder.js';
import { splitExamples } from '../split/split-examples.js';
import type { SplitMode } from './interaction-options.js';

/** Options of {@link splitSequences}. */
export interface SequenceSplitOptions {
  readonly split: SplitMode;
  readonly targetLength: number;
  readonly windowSize: number;
  readonly windowStride: number;
  readonly fractions: readonly [number, number, number];
  readonly seed: number;
}

/**
 * Turns per-user sequences `s` (length `L`, oldest first; `t = targetLength`) into examples:
 *
 * - `leave-one-out`: test = `s[0, L−t) → s[L−t, L)`, valid = `s[0, L−2t) → s[L−2t, L−t)`, train = one
 *   example `s[0, L−2t−1) → s[L−2t−1]` (the whole training part; expand its prefixes to train).
 *   Users with `L ≤ 2t` are skipped (`user-too-short`).
 * - `sliding-window`: valid and test as above but with histories of at most `windowSize` items;
 *   train = every window `s[p, p+w) → s[p+w, p+w+t)` with `p = 0, stride, 2·stride, …` inside the
 *   training part `s[0, L−2t)`; when no full window fits, one window with the whole training part
 *   (`s[0, L−3t) → s[L−3t, L−2t)`). Users with `L ≤ 2t` are skipped.
 * - `by-user`: users are split by `fractions` (seeded); each gives `s[0, L−t) → s[L−t, L)`. Users with
 *   `L ≤ t` are skipped.
 *
 * Popularity counts each item's interactions in the training part (`s[0, L−2t)` of every user, or
 * every interaction of training users for `by-user`).
 */
export function splitSequences(
  users: readonly string[],
  sequences: readonly Int32Array[],
  numItems: number,
  options: SequenceSplitOptions,
  report: LoadReportBuilder,
): { train: SequenceExample[]; valid: SequenceExample[]; test: SequenceExample[]; popularity: Float64Array } {
  const t = options.targetLength;
  const popularity = new Float64Array(numItems);
  const count = (s: Int32Array) => {
    for (const i of s) popularity[i]!++;
  };
  const ex = (user: string, history: Int32Array, targets: Int32Array): SequenceExample => ({ user, history, targets });
  const train: SequenceExample[] = [];
  const valid: SequenceExample[] = [];
  const test: SequenceExample[] = [];
  if (options.split === 'by-user') {
    const eligible: number[] = [];
    sequences.forEach((s, u) => (s.length <= t ? report.count('user-too-short') : eligible.push(u)));
    const parts = splitExamples(eligible, { fractions: options.fractions }, options.seed);
    const make = (u: number) => {
      const s = sequences[u]!;
      return ex(users[u]!, s.slice(0, s.length - t), s.slice(s.length - t));
    };
    for (const u of parts.train) {
      train.push(make(u));
      count(sequences[u]!);
    }
    valid.push(...parts.valid.map(make));
    test.push(...parts.test.map(make));
    return { train, valid, test, popularity };
  }
  const w = options.split === 'sliding-window' ? options.windowSize : Infinity;
  sequences.forEach((s, u) => {
    const L = s.length;
    const user = users[u]!;
    if (L <= 2 * t) {
      report.count('user-too-short');
      return;
    }
    const from = (end: number) => Math.max(0, end - w);
    test.push(ex(user, s.slice(from(L - t), L - t), s.slice(L - t)));
    valid.push(ex(user, s.slice(from(L - 2 * t), L - 2 * t), s.slice(L - 2 * t, L - t)));
    const part = s.subarray(0, L - 2 * t);
    count(part);
    if (options.split === 'leave-one-out') {
      train.push(ex(user, part.slice(0, part.length - 1), part.slice(part.length - 1)));
      return;
    }
    let windows = 0;
    for (let p = 0; p + w + t <= part.length; p += options.windowStride) {
      train.push(ex(user, part.slice(p, p + w), part.slice(p + w, p + w + t)));
      windows++;
    }
    if (windows === 0) {
      const cut = Math.max(0, part.length - t);
      train.push(ex(user, part.slice(0, cut), part.slice(cut)));
    }
  });
  return { train, valid, test, popularity };
}
