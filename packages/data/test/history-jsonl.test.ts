import { join } from 'node:path';
import { csrRow } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { HistoryJsonlLoader, parseHistoryRow, RecordError } from '../src/internal.js';
import { thrown, userError } from './support/errors.js';
import { splitsAsIds } from './support/ids.js';
import { copyFixture, fixture, writeTree } from './support/tmp-tree.js';

describe('parseHistoryRow', () => {
  test('objects, bare titles, genre strings or arrays, "targets" alias', () => {
    expect(
      parseHistoryRow({
        id: 3,
        history: ['A', { title: 'B', genre: ['x', 'y'] }],
        targets: [{ title: 'C', genre: 'z' }],
      }),
    ).toEqual({
      id: '3',
      user: undefined,
      history: [
        { title: 'A', genres: [] },
        { title: 'B', genres: ['x', 'y'] },
      ],
      target: [{ title: 'C', genres: ['z'] }],
    });
  });
  test('bad shapes', () => {
    expect(thrown(() => parseHistoryRow({ history: [] }), RecordError).message).toMatch(/"target" must be an array/);
    expect(thrown(() => parseHistoryRow({ history: [{ title: '' }], target: [] }), RecordError).message).toBe(
      '"history"[0]: "title" must be a non-empty string',
    );
    expect(
      thrown(() => parseHistoryRow({ history: [{ title: 'A', genre: 3 }], target: [] }), RecordError).message,
    ).toMatch(/"genre" must be a string or an array/);
    expect(thrown(() => parseHistoryRow({ id: {}, history: [], target: [] }), RecordError).message).toBe(
      '"id" must be a string or a number',
    );
  });
});

describe('HistoryJsonlLoader', () => {
  const loader = new HistoryJsonlLoader();

  test('loads the fixture: catalog from titles, genre union, list targets, rules', async () => {
    const ds = await loader.load(fixture('history-lists'));
    expect(ds.catalog.ids).toEqual([
      'Alpha (1990)',
      'Beta (1991)',
      'Gamma (1992)',
      'Delta (1993)',
      'Epsilon, The (1994)',
      'Zeta (1995)',
    ]);
    // category names are interned in catalog order (Alpha's genres first)
    expect(ds.catalog.categories.names).toEqual(['Drama', 'Romance', 'Comedy', 'Action', 'Horror']);
    expect(Array.from(csrRow(ds.catalog.categories.ofItem, 0), (c) => ds.catalog.categories.names[c])).toEqual([
      'Drama',
      'Romance',
    ]);
    expect(ds.report.counts).toEqual({
      'duplicate-row-id': 1,
      'empty-history': 1,
      'genre-conflict': 1,
      'missing-genre': 1,
    });
    expect(splitsAsIds(ds)).toEqual({
      train: [
        { history: ['Alpha (1990)', 'Beta (1991)'], targets: ['Gamma (1992)', 'Delta (1993)'] },
        { history: ['Gamma (1992)'], targets: ['Alpha (1990)'] },
      ],
      valid: [
        { history: ['Delta (1993)'], targets: ['Epsilon, The (1994)'] },
        { history: ['Alpha (1990)'], targets: ['Beta (1991)'] },
      ],
      test: [{ history: ['Zeta (1995)'], targets: ['Beta (1991)'] }],
    });
    expect(Array.from(ds.catalog.popularity)).toEqual([2, 1, 2, 1, 0, 0]);
  });

  test('maxHistory truncates and minHistory 0 keeps empty histories', async () => {
    const ds = await loader.load(fixture('history-lists'), { maxHistory: 1, minHistory: 0 });
    expect(ds.report.counts['history-truncated']).toBe(1);
    expect(splitsAsIds(ds).train[0]!.history).toEqual(['Beta (1991)']);
    expect(splitsAsIds(ds).test[0]).toEqual({ history: [], targets: ['Alpha (1990)'] });
  });

  test('bad input: file, line and reason', async () => {
    const dir = copyFixture('history-lists');
    writeTree({ 'valid.jsonl': '{"history": [], "target": [{"title": "A"}]}\n{"history": [}\n' }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(
      new RegExp(`^${join(dir, 'valid.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed JSON`),
    );
    writeTree({ 'valid.jsonl': '{"history": [{"title": "A"}], "target": []}\n' }, dir);
    expect((await loader.load(dir)).report.counts['empty-target']).toBe(1);
    writeTree({ 'valid.jsonl': '[1, 2]\n' }, dir);
    expect((await userError(loader.load(dir))).message).toBe(
      `${join(dir, 'valid.jsonl')}:1: expected a JSON object {"history": [...], "target": [...]}`,
    );
    expect((await userError(loader.load(writeTree({ 'train.jsonl': '' })))).message).toMatch(/missing valid\.jsonl/);
  });
});
