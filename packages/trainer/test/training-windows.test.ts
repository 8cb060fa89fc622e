import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { packWindows, trainingWindows } from '../src/internal.js';

const ex = (history: number[], targets: number[]) => ({
  history: Int32Array.from(history),
  targets: Int32Array.from(targets),
});

describe('trainingWindows', () => {
  it("'all' cuts a long sequence into windows whose targets cover every item after the first once", () => {
    // sequence 0..9 with context 4 → windows [5..9], [1..5], [0..1]; targets 6..9, 2..5, 1
    const windows = trainingWindows([ex([0, 1, 2, 3, 4, 5, 6, 7, 8], [9])], 4, 'all');
    expect(windows.map((w) => [Array.from(w.items), w.firstTarget])).toEqual([
      [[5, 6, 7, 8, 9], 1],
      [[1, 2, 3, 4, 5], 1],
      [[0, 1], 1],
    ]);
  });

  it("'last' trains only the example's own targets", () => {
    const windows = trainingWindows([ex([0, 1, 2, 3, 4, 5], [6, 7])], 4, 'last');
    expect(windows.map((w) => [Array.from(w.items), w.firstTarget])).toEqual([[[3, 4, 5, 6, 7], 3]]);
    expect(trainingWindows([ex([], [1])], 4, 'last')).toEqual([]);
  });

  test.prop([
    fc.array(fc.record({ h: fc.nat(30), t: fc.integer({ min: 1, max: 12 }) }), { maxLength: 5 }),
    fc.integer({ min: 1, max: 8 }),
    fc.constantFrom('all' as const, 'last' as const),
  ])('every target is trained exactly once, with at most `context` items before it', (rows, context, mode) => {
    // distinct item ids (example i, position j → 1000·i + j), so every window's place is unambiguous
    const examples = rows.map((r, i) =>
      ex(
        Array.from({ length: r.h }, (_, j) => 1000 * i + j),
        Array.from({ length: r.t }, (_, j) => 1000 * i + r.h + j),
      ),
    );
    const expected: number[] = [];
    examples.forEach((e) => {
      const seq = [...e.history, ...e.targets];
      for (let j = Math.max(1, mode === 'all' ? 1 : e.history.length); j < seq.length; j++) expected.push(seq[j]!);
    });
    const trained: number[] = [];
    for (const w of trainingWindows(examples, context, mode)) {
      expect(w.items.length).toBeLessThanOrEqual(context + 1);
      for (let k = 1; k < w.items.length; k++) expect(w.items[k]).toBe(w.items[k - 1]! + 1); // contiguous
      for (let k = w.firstTarget; k < w.items.length; k++) trained.push(w.items[k]!);
    }
    expect(trained.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});

describe('packWindows', () => {
  it('right-aligns inputs and puts each next item at its position', () => {
    const { batch, targets } = packWindows([{ items: Int32Array.from([7, 8, 9]), firstTarget: 2 }], 4);
    expect(Array.from(batch.tokens)).toEqual([-1, -1, 7, 8]);
    expect(Array.from(targets)).toEqual([-1, -1, -1, 9]);
  });
});
