import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csrRow } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { parseQuotedTitleList, parseSprecRecord, RecordError, SprecLoader } from '../src/internal.js';
import { thrown, userError } from './support/errors.js';
import { splitsAsTitles } from './support/ids.js';
import { copyFixture, fixture, writeTree } from './support/tmp-tree.js';

const T = {
  g1: 'The Quiet Garden (Garden Trilogy, #1)',
  g2: 'The Quiet Garden (Garden Trilogy, #2)',
  ace: 'A Boy Called "Ace" (Ace #1)',
  salt: 'Salt, Pepper, and Time',
  train: 'Night Train',
  night: 'Night',
  hi: 'Say "Hi", "Bye"',
  rivers: 'Rivers & Roads: Volume 2',
};
const known = new Set(Object.values(T));
const isKnown = (t: string) => known.has(t);

describe('parseQuotedTitleList (catalog-aware)', () => {
  test('titles with inner quotes, commas, # and parentheses', () => {
    const text = `The user has read: "${T.g1}", "${T.ace}", "${T.salt}", "${T.hi}", please recommend`;
    expect(parseQuotedTitleList(text, isKnown)).toEqual({
      titles: [T.g1, T.ace, T.salt, T.hi],
      known: [true, true, true, true],
    });
  });

  test('greedy longest match: "Say "Hi", "Bye"" is one title, not two', () => {
    expect(parseQuotedTitleList(`"${T.hi}", "${T.train}"`, isKnown).titles).toEqual([T.hi, T.train]);
    // without the catalog entry the plain (shortest) reading applies
    expect(parseQuotedTitleList(`"${T.hi}", "${T.train}"`, (t) => t === T.train)).toEqual({
      titles: ['Say "Hi', 'Bye"', T.train],
      known: [false, false, true],
    });
  });

  test('unknown titles take the shortest reading and are flagged', () => {
    expect(parseQuotedTitleList('"It", "Night"', isKnown)).toEqual({ titles: ['It', 'Night'], known: [false, true] });
  });

  test('no quote → empty list; an unclosed quote → RecordError', () => {
    expect(parseQuotedTitleList('The user has read nothing', isKnown)).toEqual({ titles: [], known: [] });
    expect(thrown(() => parseQuotedTitleList('read: "Night', isKnown), RecordError).message).toMatch(
      /unterminated title/,
    );
    expect(thrown(() => parseQuotedTitleList('"Night", "', isKnown), RecordError).message).toMatch(/never closed/);
  });
});

describe('parseSprecRecord', () => {
  const byTitle = new Map([...known].map((t, i) => [t, i]));
  test('history and target indices, unknown titles listed', () => {
    const r = parseSprecRecord(
      { instruction: 'x', input: `"${T.night}", "Lost", "${T.ace}"`, output: `"${T.salt}"\n` },
      byTitle,
    );
    expect(r).toEqual({
      history: [byTitle.get(T.night), byTitle.get(T.ace)],
      targets: [byTitle.get(T.salt)],
      unknownHistory: ['Lost'],
      unknownTargets: [],
    });
  });
  test('an unquoted output is one trimmed title', () => {
    expect(parseSprecRecord({ input: '', output: ` ${T.night}\n` }, byTitle).targets).toEqual([byTitle.get(T.night)]);
  });
  test('bad shapes are RecordErrors', () => {
    expect(thrown(() => parseSprecRecord([], byTitle), RecordError).message).toMatch(/JSON object/);
    expect(thrown(() => parseSprecRecord({ input: 'x' }, byTitle), RecordError).message).toBe(
      '"output" must be a string',
    );
    expect(thrown(() => parseSprecRecord({ input: 'x', output: '\n' }, byTitle), RecordError).message).toBe(
      '"output" names no title',
    );
    expect(thrown(() => parseSprecRecord({ input: '"a', output: '"b"' }, byTitle), RecordError).message).toMatch(
      /^"input": unterminated/,
    );
  });
});

describe('SprecLoader', () => {
  const loader = new SprecLoader();

  test('loads the fixture: catalog, genres, rules and a seeded 60/20/20 split', async () => {
    const ds = await loader.load(fixture('sprec'));
    expect(ds.format).toBe('sprec');
    expect(ds.name).toBe('sprec');
    expect(ds.catalog.size).toBe(8);
    expect(ds.catalog.ids).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(ds.catalog.titles[2]).toBe(T.ace);
    expect(ds.catalog.categories.names).toEqual(['fiction', 'mystery', 'history']);
    expect(Array.from(csrRow(ds.catalog.categories.ofItem, 1), (c) => ds.catalog.categories.names[c])).toEqual([
      'fiction',
      'mystery',
    ]);
    expect(csrRow(ds.catalog.categories.ofItem, 7)).toHaveLength(0);
    // 8 examples: "Missing Book" is an unknown target (dropped), 7 are split 4/2/1; afterwards the
    // example with no titles and the one whose only title is unknown are dropped (empty-history)
    expect(ds.report.counts).toEqual({
      'empty-history': 2,
      'genre-not-in-dictionary': 1,
      'genre-unknown-title': 1,
      'missing-genre': 1,
      'unknown-target': 1,
      'unknown-title': 2,
    });
    // "poetry" is not in genre_dict.json: dropped from "Night Train"
    expect(Array.from(csrRow(ds.catalog.categories.ofItem, 4), (c) => ds.catalog.categories.names[c])).toEqual([
      'mystery',
    ]);
    const n = ds.splits.train.length + ds.splits.valid.length + ds.splits.test.length;
    expect(n).toBe(5);
    const all = Object.values(splitsAsTitles(ds)).flat();
    expect(all).toContainEqual({ history: [T.g1, T.ace, T.salt], targets: [T.g2] });
    expect(all).toContainEqual({ history: [T.hi, T.train], targets: [T.rivers] });
    expect(all).toContainEqual({ history: [T.night, T.train], targets: [T.salt] });
    expect(all).toContainEqual({ history: [T.rivers, T.g2], targets: [T.ace] });
    expect(all).toContainEqual({ history: [T.train], targets: [T.hi] });
    expect(ds.catalog.embeddings?.source).toBe('title-char3-hash-v1');
    expect(ds.catalog.groups?.names).toEqual(['0', '1', '2', '3', '4']);
  });

  test('the split is reproducible and depends on the seed', async () => {
    const a = splitsAsTitles(await loader.load(fixture('sprec'), { minHistory: 0 }));
    const b = splitsAsTitles(await loader.load(fixture('sprec'), { minHistory: 0 }));
    expect(a).toEqual(b);
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([4, 2, 1]);
    const seeds = await Promise.all(
      [1, 2, 3, 4, 5].map(async (seed) =>
        JSON.stringify(splitsAsTitles(await loader.load(fixture('sprec'), { minHistory: 0, seed }))),
      ),
    );
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  test('counts override fractions; leftovers are counted as unassigned', async () => {
    const ds = await loader.load(fixture('sprec'), { counts: [3, 1, 1], minHistory: 0 });
    expect([ds.splits.train.length, ds.splits.valid.length, ds.splits.test.length]).toEqual([3, 1, 1]);
    expect(ds.report.counts['unassigned-example']).toBe(2);
    const e = await userError(loader.load(fixture('sprec'), { counts: [5, 2, 1] }));
    expect(e.message).toMatch(
      /train\.json: cannot split: split counts 5\/2\/1 add up to 8, but there are only 7 examples/,
    );
  });

  test('valid.json and test.json next to train.json are used as the splits', async () => {
    const dir = copyFixture('sprec');
    const examples = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')) as unknown[];
    writeTree(
      {
        'valid.json': JSON.stringify(examples.slice(0, 2)),
        'test.jsonl':
          examples
            .slice(6)
            .map((e) => JSON.stringify(e))
            .join('\n') + '\n',
      },
      dir,
    );
    const ds = await loader.load(dir);
    expect([ds.splits.train.length, ds.splits.valid.length, ds.splits.test.length]).toEqual([5, 2, 2]);
    expect(ds.report.notes[0]).toMatch(/train\.json, valid\.json and test\.jsonl as given/);
  });

  test('the path may be the train.json file itself', async () => {
    const ds = await loader.load(join(fixture('sprec'), 'train.json'));
    expect(ds.catalog.size).toBe(8);
  });

  test('bad input: located errors', async () => {
    const dir = copyFixture('sprec');
    writeTree(
      {
        'train.json': '[\n  {"input": "\\"Night\\"", "output": "\\"Night Train\\""},\n  {"input": 3, "output": "x"}\n]',
      },
      dir,
    );
    expect((await userError(loader.load(dir))).message).toBe(`${join(dir, 'train.json')}:3: "input" must be a string`);
    writeTree({ 'train.json': '[\n  {"input": "x",\n   "output": "y"\n  ,]' }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(/train\.json:4: malformed JSON/);
    writeTree({ 'train.json': '{"input": "x"}' }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(/train\.json: expected a JSON array of examples/);
    writeTree(
      { 'train.json': Buffer.from('[{"input": "\\"Mis\xe9rables\\"", "output": "\\"Night\\""}]', 'latin1') },
      dir,
    );
    expect((await userError(loader.load(dir))).message).toMatch(/train\.json:1: invalid UTF-8 \(byte 0xe9/);
  });

  test('inconsistent catalog files are rejected', async () => {
    const dir = copyFixture('sprec');
    writeTree({ 'name2id.json': JSON.stringify({ Night: 4, 'Night Train': 5 }) }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(
      /name2id\.json: name2id\.json maps "Night" to id 4, but id2name\.json names id 4 "Night Train"/,
    );
    writeTree({ 'name2id.json': JSON.stringify({ Night: 4, 'Night Train': 4 }) }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(/titles "Night" and "Night Train" both have id 4/);
    const bare = writeTree({ 'train.json': '[]' });
    expect((await userError(loader.load(bare))).message).toMatch(/no catalog: expected id2name\.json or name2id\.json/);
    expect((await userError(loader.load(writeTree({ 'x.txt': '' })))).message).toMatch(
      /no train\.json or train\.jsonl/,
    );
  });

  test('invalid options are named', async () => {
    expect((await userError(loader.load(fixture('sprec'), { fractions: [0.5, 0.2, 0.2] }))).message).toBe(
      "invalid options for format 'sprec': fractions must add up to 1 (they add up to 0.8999999999999999)",
    );
    expect((await userError(loader.load(fixture('sprec'), { minHistory: -1, colour: 'red' }))).message).toMatch(
      /unknown option 'colour'.*; minHistory must be >= 0/,
    );
  });
});
