import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csrRow } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { MovielensLoader, parseMoviesDatLine, parseRatingLine, parseUItemLine, RecordError } from '../src/internal.js';
import { thrown, userError } from './support/errors.js';
import { splitsAsIds } from './support/ids.js';
import { copyFixture, fixture, writeTree } from './support/tmp-tree.js';

describe('MovieLens line parsers', () => {
  test('u.data, ratings.dat', () => {
    expect(parseRatingLine('196\t242\t3\t881250949', '\t')).toEqual({
      user: '196',
      item: '242',
      rating: 3,
      timestamp: 881250949,
    });
    expect(parseRatingLine('1::1193::5::978300760', '::')).toEqual({
      user: '1',
      item: '1193',
      rating: 5,
      timestamp: 978300760,
    });
    expect(thrown(() => parseRatingLine('1\t2\t3', '\t'), RecordError).message).toMatch(/expected 4 fields/);
    expect(thrown(() => parseRatingLine('1\t2\tfive\t9', '\t'), RecordError).message).toBe(
      'rating "five" is not a number',
    );
    expect(thrown(() => parseRatingLine('1::2::5::-9', '::'), RecordError).message).toMatch(/timestamp "-9"/);
  });
  test('u.item with 19 genre flags, movies.dat with | genres', () => {
    const flags = Array.from({ length: 19 }, (_, g) => (g === 8 || g === 12 ? '1' : '0')).join('|');
    expect(parseUItemLine(`2|Misérables, Les (1995)|01-Jan-1995||http://x|${flags}`)).toEqual({
      id: '2',
      title: 'Misérables, Les (1995)',
      genres: ['Drama', 'Musical'],
    });
    expect(thrown(() => parseUItemLine('2|X|d||u|0|1'), RecordError).message).toMatch(
      /expected 24 '\|'-separated fields/,
    );
    expect(thrown(() => parseUItemLine(`2|X|d||u|${flags.replace(/^0/, '2')}`), RecordError).message).toBe(
      'genre flag 1 (unknown) must be 0 or 1, found "2"',
    );
    expect(parseMoviesDatLine('7::Sabrina (1995)::Comedy|Romance')).toEqual({
      id: '7',
      title: 'Sabrina (1995)',
      genres: ['Comedy', 'Romance'],
    });
    expect(thrown(() => parseMoviesDatLine('7::Sabrina'), RecordError).message).toMatch(/MovieID::Title::Genres/);
  });
});

describe('MovielensLoader', () => {
  const loader = new MovielensLoader();

  test('ML-100K: Latin-1 titles, threshold, duplicates, iterative k-core, leave-one-out', async () => {
    const ds = await loader.load(fixture('ml-100k'), { kCore: 2 });
    expect(ds.catalog.ids).toEqual(['1', '2', '3', '4']);
    expect(ds.catalog.titles[1]).toBe('Misérables, Les (1995)');
    expect(ds.catalog.categories.names.slice(0, 5)).toEqual(['Animation', "Children's", 'Comedy', 'Drama', 'Musical']);
    expect(Array.from(csrRow(ds.catalog.categories.ofItem, 2), (c) => ds.catalog.categories.names[c])).toEqual([
      'Action',
      'Crime',
      'Thriller',
    ]);
    // hand count: ratings (1,5,2) and (4,3,1) are below 4; (2,2) is repeated; item 99 is unknown;
    // item 5 has one rating ≥ 4 (user 3), so 2-core removes it, then user 3 (one left), then nothing
    expect(ds.report.counts).toEqual({
      'below-rating-threshold': 2,
      'blank-line': 1, // the empty last line of u.genre
      'duplicate-interaction': 1,
      'item-without-interactions': 1,
      'k-core-removed-interactions': 2,
      'k-core-removed-items': 1,
      'k-core-removed-users': 1,
      'unknown-item': 1,
    });
    expect(splitsAsIds(ds)).toEqual({
      train: [
        { user: '1', history: ['1'], targets: ['2'] },
        { user: '2', history: ['2'], targets: ['1'] },
      ],
      valid: [
        { user: '1', history: ['1', '2'], targets: ['3'] },
        { user: '2', history: ['2', '1'], targets: ['3'] },
      ],
      test: [
        { user: '1', history: ['1', '2', '3'], targets: ['4'] },
        { user: '2', history: ['2', '1', '3'], targets: ['4'] },
      ],
    });
    expect(Array.from(ds.catalog.popularity)).toEqual([2, 2, 0, 0]);
    expect(ds.report.notes[0]).toBe('u.item read as Latin-1 (detected)');
  });

  test('ML-100K re-saved as UTF-8 is detected; forcing the wrong encoding garbles the title', async () => {
    const dir = copyFixture('ml-100k');
    writeTree({ 'u.item': Buffer.from(readFileSync(join(dir, 'u.item'), 'latin1'), 'utf8') }, dir);
    const utf8 = await loader.load(dir, { kCore: 2 });
    expect(utf8.catalog.titles[1]).toBe('Misérables, Les (1995)');
    expect(utf8.report.notes[0]).toBe('u.item read as UTF-8 (detected)');
    const forced = await loader.load(dir, { kCore: 2, encoding: 'latin1' });
    expect(forced.catalog.titles[1]).toBe('MisÃ©rables, Les (1995)');
    expect((await userError(loader.load(fixture('ml-100k'), { encoding: 'utf8' }))).message).toMatch(
      /u\.item:2: invalid UTF-8 \(byte 0xe9/,
    );
  });

  test('the default 5-core empties this tiny fixture without failing', async () => {
    const ds = await loader.load(fixture('ml-100k'));
    expect(ds.catalog.size).toBe(0);
    expect(ds.splits.test).toEqual([]);
    // 14 ratings − 2 below the threshold − 1 repeat − 1 unknown item = 10, all below 5-core
    expect(ds.report.counts['k-core-removed-interactions']).toBe(10);
  });

  test('ML-1M: "::" files, Latin-1, users too short for leave-one-out', async () => {
    const ds = await loader.load(fixture('ml-1m'), { kCore: 1 });
    expect(ds.catalog.titles).toEqual(['Toy Story (1995)', 'Misérables, Les (1995)', 'Heat (1995)']);
    expect(ds.report.counts).toEqual({ 'below-rating-threshold': 1, 'empty-history': 1, 'user-too-short': 1 });
    expect(splitsAsIds(ds)).toEqual({
      train: [],
      valid: [{ user: '2', history: ['3'], targets: ['1'] }],
      test: [{ user: '2', history: ['3', '1'], targets: ['2'] }],
    });
  });

  test('bad input: file, line and reason', async () => {
    const dir = copyFixture('ml-1m');
    writeTree({ 'ratings.dat': '1::1::5::978300760\n1::1::5\n' }, dir);
    expect((await userError(loader.load(dir))).message).toBe(
      `${join(dir, 'ratings.dat')}:2: expected 4 fields separated by "::" (user, item, rating, timestamp), found 3`,
    );
    writeTree({ 'movies.dat': '1::A::Drama\n1::B::Drama\n', 'ratings.dat': '' }, dir);
    expect((await userError(loader.load(dir))).message).toBe(`${join(dir, 'movies.dat')}:2: duplicate movie id 1`);
    const d100 = copyFixture('ml-100k');
    writeTree({ 'u.genre': 'unknown|0\nAction|2\n' }, d100);
    expect((await userError(loader.load(d100))).message).toBe(
      `${join(d100, 'u.genre')}:2: genre index 2 out of order (expected 1)`,
    );
    expect((await userError(loader.load(writeTree({ README: 'x' })))).message).toMatch(/not a MovieLens folder/);
    expect((await userError(loader.load(writeTree({ 'u.data': '' })))).message).toMatch(/missing u\.item/);
    expect((await userError(loader.load(fixture('ml-1m'), { split: 'random' }))).message).toMatch(
      /split must be equal to one of the allowed values \(leave-one-out, sliding-window, by-user\)/,
    );
  });
});
