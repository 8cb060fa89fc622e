import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  InteractionsLoader,
  parseInteractionFields,
  parseInteractionHeader,
  parseTimestamp,
  RecordError,
} from '../src/internal.js';
import { thrown, userError } from './support/errors.js';
import { splitsAsIds } from './support/ids.js';
import { fixture, writeTree } from './support/tmp-tree.js';

const csv = () => join(fixture('interactions'), 'interactions.csv');
const xs = (...n: number[]) => n.map((k) => `x${k}`);
const ys = (...n: number[]) => n.map((k) => `y${k}`);

describe('generic interaction records', () => {
  test('header aliases and rows', () => {
    const h = parseInteractionHeader(['userId', 'movieId', 'rating', 'timestamp', 'extra']);
    expect(h).toEqual({ width: 5, user: 0, item: 1, timestamp: 3, rating: 2 });
    expect(parseInteractionFields(['u', 'i', '4.5', '2024-01-31', 'x'], h)).toEqual({
      user: 'u',
      item: 'i',
      rating: 4.5,
      timestamp: Date.UTC(2024, 0, 31),
    });
    expect(thrown(() => parseInteractionHeader(['user', 'timestamp']), RecordError).message).toMatch(/no item column/);
    expect(thrown(() => parseInteractionFields(['u', 'i', 'x', '1', ''], h), RecordError).message).toBe(
      'rating "x" is not a number',
    );
    expect(thrown(() => parseInteractionFields(['u', 'i'], h), RecordError).message).toMatch(/expected 5 columns/);
  });
  test('timestamps: numbers or ISO dates', () => {
    expect(parseTimestamp('1.5e3')).toBe(1500);
    expect(parseTimestamp('2024-01-02T10:00:00Z')).toBe(Date.UTC(2024, 0, 2, 10));
    expect(thrown(() => parseTimestamp('yesterday'), RecordError).message).toMatch(
      /neither a number nor an ISO 8601 date/,
    );
    expect(thrown(() => parseTimestamp('2024-13-45'), RecordError).message).toMatch(/neither/);
  });
});

describe('InteractionsLoader', () => {
  const loader = new InteractionsLoader();

  test('leave-one-out: time order, duplicates, short users', async () => {
    const ds = await loader.load(csv(), { kCore: 1 });
    expect(ds.name).toBe('interactions');
    expect(ds.catalog.ids).toEqual(['x2', 'x1', 'x3', 'y1', 'x4', 'x5', 'x6', 'y2', 'x7', 'y3', 'x8', 'y4', 'y5']);
    expect(ds.report.counts).toEqual({ 'duplicate-interaction': 1, 'user-too-short': 1 });
    expect(splitsAsIds(ds)).toEqual({
      train: [
        { user: 'a', history: xs(1, 2, 3, 4, 5), targets: xs(6) },
        { user: 'b', history: ys(1, 2), targets: ys(3) },
      ],
      valid: [
        { user: 'a', history: xs(1, 2, 3, 4, 5, 6), targets: xs(7) },
        { user: 'b', history: ys(1, 2, 3), targets: ys(4) },
      ],
      test: [
        { user: 'a', history: xs(1, 2, 3, 4, 5, 6, 7), targets: xs(8) },
        { user: 'b', history: ys(1, 2, 3, 4), targets: ys(5) },
      ],
    });
    expect(ds.catalog.embeddings?.source).toBe('cooccurrence-random-indexing-v1');
  });

  test('rating threshold keeps the later, higher-rated x5', async () => {
    const ds = await loader.load(csv(), { kCore: 1, ratingThreshold: 4 });
    expect(ds.report.counts).toEqual({ 'below-rating-threshold': 1, 'user-too-short': 1 });
    expect(splitsAsIds(ds).test[0]).toEqual({ user: 'a', history: xs(1, 2, 3, 4, 6, 7, 8), targets: xs(5) });
  });

  test('sliding windows inside the training part', async () => {
    const ds = await loader.load(csv(), { kCore: 1, split: 'sliding-window', windowSize: 2 });
    expect(splitsAsIds(ds)).toEqual({
      train: [
        { user: 'a', history: xs(1, 2), targets: xs(3) },
        { user: 'a', history: xs(2, 3), targets: xs(4) },
        { user: 'a', history: xs(3, 4), targets: xs(5) },
        { user: 'a', history: xs(4, 5), targets: xs(6) },
        { user: 'b', history: ys(1, 2), targets: ys(3) },
      ],
      valid: [
        { user: 'a', history: xs(5, 6), targets: xs(7) },
        { user: 'b', history: ys(2, 3), targets: ys(4) },
      ],
      test: [
        { user: 'a', history: xs(6, 7), targets: xs(8) },
        { user: 'b', history: ys(3, 4), targets: ys(5) },
      ],
    });
    // popularity = interactions in the training parts (a: x1…x6, b: y1…y3)
    expect(ds.catalog.popularity[ds.catalog.indexOf('x6')]).toBe(1);
    expect(ds.catalog.popularity[ds.catalog.indexOf('x7')]).toBe(0);
  });

  test('sliding windows with list targets and a stride; a short user gets one whole-part window', async () => {
    const ds = await loader.load(csv(), {
      kCore: 1,
      split: 'sliding-window',
      windowSize: 2,
      targetLength: 2,
      windowStride: 2,
    });
    const s = splitsAsIds(ds);
    expect(s.test).toEqual([
      { user: 'a', history: xs(5, 6), targets: xs(7, 8) },
      { user: 'b', history: ys(2, 3), targets: ys(4, 5) },
    ]);
    expect(s.valid).toEqual([
      { user: 'a', history: xs(3, 4), targets: xs(5, 6) },
      { user: 'b', history: ys(1), targets: ys(2, 3) },
    ]);
    // a's training part x1…x4 holds one full window; b's (y1) holds none, so its whole-part window
    // has an empty history and is dropped; c (2 items ≤ 2·2) is too short
    expect(s.train).toEqual([{ user: 'a', history: xs(1, 2), targets: xs(3, 4) }]);
    expect(ds.report.counts).toEqual({ 'duplicate-interaction': 1, 'empty-history': 1, 'user-too-short': 1 });
  });

  test('by-user split is seeded', async () => {
    const a = await loader.load(csv(), { kCore: 1, split: 'by-user', fractions: [0.34, 0.33, 0.33] });
    const b = await loader.load(csv(), { kCore: 1, split: 'by-user', fractions: [0.34, 0.33, 0.33] });
    expect(splitsAsIds(a)).toEqual(splitsAsIds(b));
    const all = [...a.splits.train, ...a.splits.valid, ...a.splits.test].map((e) => e.user).sort();
    expect(all).toEqual(['a', 'b', 'c']);
    const c = splitsAsIds(a)
      .train.concat(splitsAsIds(a).valid, splitsAsIds(a).test)
      .find((e) => e.user === 'c');
    expect(c).toEqual({ user: 'c', history: ['x1'], targets: ['y1'] });
  });

  test('JSONL with mixed id and timestamp types', async () => {
    const ds = await loader.load(join(fixture('interactions'), 'events.jsonl'), { kCore: 1 });
    expect(ds.name).toBe('events');
    expect(splitsAsIds(ds).test).toEqual([
      { user: 'a', history: ['x1', 'x2'], targets: ['x3'] },
      { user: '7', history: ['3', '4'], targets: ['x1'] },
    ]);
  });

  test('a folder with interactions.csv; TSV files', async () => {
    expect((await loader.load(fixture('interactions'), { kCore: 1 })).name).toBe('interactions');
    const tsv = writeTree({ 'log.tsv': 'user\titem\ttimestamp\nu\ta\t1\nu\tb\t2\nu\tc\t3\n' });
    expect(splitsAsIds(await loader.load(join(tsv, 'log.tsv'), { kCore: 1 })).test).toEqual([
      { user: 'u', history: ['a', 'b'], targets: ['c'] },
    ]);
  });

  test('bad input: file, line and reason', async () => {
    const dir = writeTree({
      'a.csv': 'user,item,timestamp\nu,i,1\nu,j\n',
      'b.csv': 'user,item,timestamp\nu,i,1\n',
      'c.jsonl': '{"user": "u", "item": "i", "timestamp": 1}\n{"user": "u", "item": "", "timestamp": 2}\n',
    });
    expect((await userError(loader.load(join(dir, 'a.csv')))).message).toBe(
      `${join(dir, 'a.csv')}:3: expected 3 columns (as in the header), found 2`,
    );
    expect((await userError(loader.load(join(dir, 'b.csv'), { ratingThreshold: 4 }))).message).toBe(
      `${join(dir, 'b.csv')}:1: ratingThreshold is set but the file has no rating column`,
    );
    expect((await userError(loader.load(join(dir, 'c.jsonl')))).message).toBe(
      `${join(dir, 'c.jsonl')}:2: "item" must be a non-empty id`,
    );
    expect((await userError(loader.load(join(dir, 'missing.csv')))).message).toMatch(
      /missing\.csv: no such file or folder/,
    );
    expect((await userError(loader.load(dir))).message).toMatch(
      /no interactions\.csv, interactions\.tsv or interactions\.jsonl/,
    );
  });
});
