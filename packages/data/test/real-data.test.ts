import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sharedDataDir } from '../../../tests/support/shared-data.js';
import { D3CsvLoader, HistoryJsonlLoader, SprecLoader } from '../src/internal.js';

const dir = sharedDataDir();

describe('sharedDataDir', () => {
  test('is undefined without BLADE_DATA_DIR and throws when a required file is missing', () => {
    expect(sharedDataDir(['x'], {})).toBeUndefined();
    expect(() => sharedDataDir(['goodreads/nope.json'], { BLADE_DATA_DIR: '/no/such/dir' })).toThrow(
      /BLADE_DATA_DIR=\/no\/such\/dir is set, but 1 required file\(s\) are missing: goodreads\/nope\.json/,
    );
  });
});

describe.runIf(dir)('real data (BLADE_DATA_DIR)', () => {
  test('goodreads: 5,000 examples over 4,058 items, split 3000/1000/1000, exactly 10 unknown title mentions', async () => {
    const ds = await new SprecLoader().load(join(dir!, 'goodreads'));
    expect(ds.catalog.size).toBe(4058);
    expect([ds.splits.train.length, ds.splits.valid.length, ds.splits.test.length]).toEqual([3000, 1000, 1000]);
    expect(ds.catalog.categories.names).toHaveLength(7);
    // "It" (10 mentions) is not in the catalog; "A Child Called "It" (Dave Pelzer #1)" (2 mentions)
    // is resolved by the catalog-aware parser. A naive regex finds 54,997 mentions, 14 unknown.
    // name2genre.json also uses 'comics, graphic', 'non-fiction' and 'poetry' (223 + 156 + 50
    // mentions), which are not among the 7 genres of genre_dict.json
    expect(ds.report.counts).toEqual({ 'genre-not-in-dictionary': 429, 'unknown-title': 10 });
    const all = [...ds.splits.train, ...ds.splits.valid, ...ds.splits.test];
    const mentions =
      all.reduce((n, e) => n + e.history.length + e.targets.length, 0) + ds.report.counts['unknown-title']!;
    expect(mentions).toBe(54995);
    // 4,999 inputs list 10 titles and one lists 5; the 10 inputs that mention "It" keep 9 known ones
    expect(all.filter((e) => e.history.length === 10)).toHaveLength(4999 - 10);
    expect(all.filter((e) => e.history.length === 9)).toHaveLength(10);
    expect(all.filter((e) => e.history.length === 5)).toHaveLength(1);
    const childCalledIt = ds.catalog.indexOfTitle('A Child Called "It" (Dave Pelzer #1)');
    expect(all.filter((e) => e.history.includes(childCalledIt))).toHaveLength(2);
  });

  test('amazon video games: 3,858 items, 6,142 valid and test rows, 49,133 training transitions, 5 popularity groups', async () => {
    const ds = await new D3CsvLoader().load(join(dir!, 'amazon-video-games'));
    expect(ds.catalog.size).toBe(3858);
    expect([ds.splits.train.length, ds.splits.valid.length, ds.splits.test.length]).toEqual([49133, 6142, 6142]);
    expect(ds.catalog.groups?.names).toEqual(['0', '1', '2', '3', '4']);
    expect(ds.report.counts).toEqual({ 'duplicate-title': 52, 'ungrouped-item': 107 });
    for (const e of ds.splits.test) expect(e.history.length).toBeLessThanOrEqual(10);
    const counts = JSON.parse(
      readFileSync(join(dir!, 'amazon-video-games', 'title_interaction_counts.json'), 'utf8'),
    ) as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(ds.catalog.popularity.reduce((a, b) => a + b, 0)).toBe(total);
  });

  test('movielens-10m lists: 1,000 rows per split, 10 history items and 10 targets each; catalog = titles seen', async () => {
    const ds = await new HistoryJsonlLoader().load(join(dir!, 'movielens-10m-lists'));
    for (const split of [ds.splits.train, ds.splits.valid, ds.splits.test]) {
      expect(split).toHaveLength(1000);
      for (const e of split) {
        expect(e.history).toHaveLength(10);
        expect(e.targets).toHaveLength(10);
      }
    }
    const titles = new Set<string>();
    for (const s of ['train', 'valid', 'test']) {
      for (const line of readFileSync(join(dir!, 'movielens-10m-lists', `${s}.jsonl`), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const row = JSON.parse(line) as { history: { title: string }[]; target: { title: string }[] };
        for (const x of [...row.history, ...row.target]) titles.add(x.title);
      }
    }
    expect(ds.catalog.size).toBe(titles.size);
    expect(ds.report.counts).toEqual({});
    for (let i = 0; i < ds.catalog.size; i++)
      expect(ds.catalog.categories.ofItem.offsets[i + 1]! - ds.catalog.categories.ofItem.offsets[i]!).toBe(1);
  });
});
