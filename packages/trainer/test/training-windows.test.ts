import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { packWindows, trainingWindows } from '../src/index.js';

const ex = (history: number[], targets: number[]) => ({ history: Int32Array.from(history), targets: Int32Array.from(targets) });

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

  test.prop([fc.array(fc.record({ h: fc.array(fc.nat(50), { maxLength: 30 }), t: fc.array(fc.nat(50), { minLength: 1, maxLength: 12 }) }), { maxLength: 5 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom('all' as const, 'last' as const)])(
    'every target is trained exactly once, with at most `context` items before it',
    (rows, context, mode) => {
      const examples = rows.map((r) => ex(r.h, r.t));
      const trained: number[] = [];
      const expected: number[] = [];
      examples.forEach((e, i) => {
        const seq = [...e.history, ...e.targets];
        const first = mode === 'all' ? 1 : e.history.length;
        for (let j = Math.max(1, first); j < seq.length; j++) expected.push(i * 1000 + j);
      });
      let i = 0;
      for (const e of examples) {
        const seq = [...e.history, ...e.targets];
        for (const w of trainingWindows([e], context, mode)) {
          expect(w.items.length).toBeLessThanOrEqual(context + 1);
          // locate the window in the sequence: it is a contiguous slice
          const start = seq.findIndex((_, s) => w.items.every((x, k) => seq[s + k] === x));
          for (let k = w.firstTarget; k < w.items.length; k++) trained.push(i * 1000 + start + k);
        }
        i++;
      }
      expect(trained.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    },
  );
});

describe('packWindows', () => {
  it('right-aligns inputs and puts each next item at its position', () => {
    const { batch, targets } = packWindows([{ items: Int32Array.from([7, 8, 9]), firstTarget: 2 }], 4);
    expect(Array.from(batch.tokens)).toEqual([-1, -1, 7, 8]);
    expect(Array.from(targets)).toEqual([-1, -1, -1, 9]);
  });
});
