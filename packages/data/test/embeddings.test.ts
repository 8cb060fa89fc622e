import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cooccurrenceEmbeddings, titleEmbeddings } from '../src/index.js';

const cos = (m: Float32Array, dim: number, a: number, b: number) => {
  let s = 0;
  for (let d = 0; d < dim; d++) s += m[a * dim + d]! * m[b * dim + d]!;
  return s;
};
const norm = (m: Float32Array, dim: number, a: number) => Math.sqrt(cos(m, dim, a, a));

describe('titleEmbeddings', () => {
  const titles = [
    'The Quiet Garden (Garden Trilogy, #1)',
    'The Quiet Garden (Garden Trilogy, #2)',
    'Rivers & Roads',
    'Mortal Kombat X - Xbox One',
    'Mortal Kombat X - PlayStation 4',
  ];

  test('deterministic, unit norm, 64 dimensions by default', () => {
    const a = titleEmbeddings(titles);
    expect(a).toHaveLength(titles.length * 64);
    expect(titleEmbeddings(titles)).toEqual(a);
    for (let i = 0; i < titles.length; i++) expect(norm(a, 64, i)).toBeCloseTo(1, 5);
  });

  test('a title gets the same vector whatever the other titles', () => {
    const a = titleEmbeddings(titles);
    const b = titleEmbeddings([titles[3]!]);
    expect(Array.from(b)).toEqual(Array.from(a.subarray(3 * 64, 4 * 64)));
  });

  test('similar titles are closer than unrelated ones; case and spacing do not matter', () => {
    const a = titleEmbeddings(titles);
    expect(cos(a, 64, 0, 1)).toBeGreaterThan(0.8);
    expect(cos(a, 64, 3, 4)).toBeGreaterThan(0.5);
    expect(cos(a, 64, 0, 3)).toBeLessThan(0.4);
    const b = titleEmbeddings(['Night  Train', 'night train']);
    expect(cos(b, 64, 0, 1)).toBeCloseTo(1, 6);
  });

  test('empty titles fall back to the id; other dimensions work', () => {
    const a = titleEmbeddings(['', ''], { ids: ['x1', 'x2'], dim: 16 });
    expect(a).toHaveLength(32);
    expect(norm(a, 16, 0)).toBeCloseTo(1, 5);
    expect(cos(a, 16, 0, 1)).toBeLessThan(0.999);
  });

  test.prop([fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 10 })])(
    'any titles: finite unit rows',
    (ts) => {
      const a = titleEmbeddings(ts, { ids: ts.map((_, i) => `id${i}`) });
      for (let i = 0; i < ts.length; i++) expect(norm(a, 64, i)).toBeCloseTo(1, 4);
    },
  );
});

describe('cooccurrenceEmbeddings', () => {
  test('items with the same neighbours are similar; unseen items keep their own unit vector', () => {
    const seqs = [
      [0, 1, 2],
      [0, 1, 2],
      [3, 4, 5],
      [3, 4, 5],
      [0, 2],
    ].map((s) => Int32Array.from(s));
    const m = cooccurrenceEmbeddings(seqs, 7, { dim: 32, window: 2 });
    expect(m).toEqual(cooccurrenceEmbeddings(seqs, 7, { dim: 32, window: 2 }));
    for (let i = 0; i < 7; i++) expect(norm(m, 32, i)).toBeCloseTo(1, 5);
    expect(cos(m, 32, 0, 2)).toBeGreaterThan(cos(m, 32, 0, 4));
    expect(cos(m, 32, 3, 5)).toBeGreaterThan(cos(m, 32, 3, 1));
  });
});
