import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  D3CsvLoader,
  parseD3Header,
  parseD3Row,
  parseItemsTxtLine,
  parsePythonLiteralList,
  RecordError,
} from '../src/internal.js';
import { thrown, userError } from './support/errors.js';
import { splitsAsIds } from './support/ids.js';
import { copyFixture, fixture, writeTree } from './support/tmp-tree.js';

/** Python's repr() of a str (the quote choice and escapes pandas writes). */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

describe('parsePythonLiteralList', () => {
  test('both quote styles, escapes, commas and brackets inside strings, numbers', () => {
    expect(parsePythonLiteralList("['a', \"b's\", 'c, d', '[x]', 'it\\'s', 'tab\\there']")).toEqual([
      'a',
      "b's",
      'c, d',
      '[x]',
      "it's",
      'tab\there',
    ]);
    expect(parsePythonLiteralList('[1914, 1170]')).toEqual([1914, 1170]);
    expect(parsePythonLiteralList('[5.0, 4.5, -1, 1e3, 1_000]')).toEqual([5, 4.5, -1, 1000, 1000]);
    expect(parsePythonLiteralList('[]')).toEqual([]);
    expect(parsePythonLiteralList(' [ 1 , ] ')).toEqual([1]);
    expect(parsePythonLiteralList("['caf\\xe9', '\\u00e9t\\u00e9', '\\U0001F600', 'a\\qb']")).toEqual([
      'café',
      'été',
      '😀',
      'a\\qb',
    ]);
  });

  test('malformed lists name the position', () => {
    expect(thrown(() => parsePythonLiteralList("['a', 'b'"), RecordError).message).toBe(
      "bad Python list at character 10: expected ',' or ']' but found the end of the text",
    );
    expect(thrown(() => parsePythonLiteralList("['a, 'b']"), RecordError).message).toMatch(
      /character 7: expected ',' or '\]' but found "b"/,
    );
    expect(thrown(() => parsePythonLiteralList("['abc"), RecordError).message).toBe(
      "bad Python list at character 2: unterminated string starting with '",
    );
    expect(thrown(() => parsePythonLiteralList('1, 2'), RecordError).message).toMatch(/expected '\['/);
    expect(thrown(() => parsePythonLiteralList('[nan]'), RecordError).message).toMatch(/expected a string or a number/);
    expect(thrown(() => parsePythonLiteralList('[1] x'), RecordError).message).toMatch(/unexpected "x" after the list/);
    expect(thrown(() => parsePythonLiteralList("['\\x4']"), RecordError).message).toMatch(/bad \\x escape/);
  });

  test.prop([fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer()), { maxLength: 12 })])(
    'round-trips Python repr of any list of str/int',
    (xs) => {
      const text = '[' + xs.map((x) => (typeof x === 'number' ? String(x) : pyRepr(x))).join(', ') + ']';
      expect(parsePythonLiteralList(text)).toEqual(xs);
    },
  );
});

describe('D3 rows', () => {
  const header = parseD3Header(['user_id', 'history_item_id', 'item_id', 'history_item_title', 'item_title']);
  test('parses ids, titles and the user', () => {
    expect(parseD3Row(['U1', '[3, 4]', '5', "['A', \"B's\"]", 'C'], header)).toEqual({
      user: 'U1',
      history: ['3', '4'],
      target: '5',
      historyTitles: ['A', "B's"],
      targetTitle: 'C',
    });
    expect(parseD3Row(['', '[]', '5.0', '[]', 'C'], header).target).toBe('5');
  });
  test('rejects wrong column counts, bad ids and mismatched lists', () => {
    expect(thrown(() => parseD3Row(['U1', '[3]', '5'], header), RecordError).message).toBe(
      'expected 5 columns (as in the header), found 3',
    );
    expect(thrown(() => parseD3Row(['U1', '[3.5]', '5', '[]', 'C'], header), RecordError).message).toBe(
      'column history_item_id: item id 3.5 is not an integer',
    );
    expect(thrown(() => parseD3Row(['U1', '[3]', '5 6', "['A']", 'C'], header), RecordError).message).toMatch(
      /column item_id: expected one item id/,
    );
    expect(thrown(() => parseD3Row(['U1', '[3, 4]', '5', "['A']", 'C'], header), RecordError).message).toBe(
      'history_item_title has 1 titles but history_item_id has 2 ids',
    );
    expect(thrown(() => parseD3Header(['user_id', 'item_id']), RecordError).message).toMatch(
      /no history_item_id column/,
    );
    expect(thrown(() => parseD3Header(['item_id', 'history_item_id', 'item_id']), RecordError).message).toMatch(
      /duplicate column "item_id"/,
    );
  });
  test('items.txt lines split on the last tab', () => {
    expect(parseItemsTxtLine('A\tB\t7')).toEqual({ title: 'A\tB', id: '7' });
    expect(thrown(() => parseItemsTxtLine('no tab'), RecordError).message).toMatch(/no tab/);
    expect(thrown(() => parseItemsTxtLine('title\t '), RecordError).message).toMatch(/empty item id/);
  });
});

describe('D3CsvLoader', () => {
  const loader = new D3CsvLoader();

  test('loads the fixture with every rule counted', async () => {
    const ds = await loader.load(fixture('d3'));
    expect(ds.catalog.size).toBe(6);
    expect(ds.catalog.titles[2]).toBe('Puzzle Quest, "Deluxe"');
    expect(ds.report.counts).toEqual({
      'blank-line': 1,
      'duplicate-title': 1,
      'empty-history': 1,
      'popularity-unknown-title': 1,
      'title-mismatch': 1,
      'ungrouped-item': 1,
      'unknown-item': 1,
      'unknown-target': 2,
    });
    expect(splitsAsIds(ds)).toEqual({
      train: [
        { history: ['0'], targets: ['3'] },
        { history: ['0', '3'], targets: ['2'] },
        { history: ['1'], targets: ['4'] },
      ],
      valid: [
        { user: 'U1', history: ['0'], targets: ['3'] },
        { user: 'U1', history: ['0', '3'], targets: ['2'] },
        { user: 'U2', history: ['4'], targets: ['5'] },
      ],
      test: [
        { user: 'U1', history: ['0', '3', '2'], targets: ['5'] },
        { user: 'U3', history: ['1'], targets: ['4'] },
      ],
    });
    // the shared title "Star Racer - PC" credits item 0, the one with a popularity group
    expect(Array.from(ds.catalog.popularity)).toEqual([10, 0, 4, 7, 3, 1]);
    expect(ds.catalog.groups?.names).toEqual(['0', '1', '2']);
    expect(Array.from(ds.catalog.groups!.of)).toEqual([0, -1, 1, 0, 1, 2]);
  });

  test('without a counts file popularity counts training targets; without train data the train split is empty', async () => {
    const dir = copyFixture('d3');
    writeTree({ 'title_interaction_counts.json': '{}' }, dir);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'title_interaction_counts.json'));
    let ds = await loader.load(dir);
    expect(Array.from(ds.catalog.popularity)).toEqual([0, 0, 1, 1, 1, 0]);
    rmSync(join(dir, 'train_transitions.jsonl'));
    ds = await loader.load(dir);
    expect(ds.splits.train).toEqual([]);
    expect(ds.report.notes.some((n) => n.includes('no train.csv or train_transitions.jsonl'))).toBe(true);
  });

  test('train.csv is preferred over transitions', async () => {
    const dir = copyFixture('d3');
    writeTree({ 'train.csv': 'history_item_id,item_id\n"[0, 1]",2\n' }, dir);
    const ds = await loader.load(dir);
    expect(splitsAsIds(ds).train).toEqual([{ history: ['0', '1'], targets: ['2'] }]);
  });

  test('bad input: file, line and reason', async () => {
    const dir = copyFixture('d3');
    const header =
      'user_id,item_asins,item_asin,history_item_id,item_id,history_item_title,item_title,history_rating,rating,history_timestamp,timestamp';
    writeTree({ 'valid.csv': `${header}\nU1,['A0'],A3,[0],3,['Star Racer - PC'],Mage's Tower,[5.0],4.0,[100]\n` }, dir);
    expect((await userError(loader.load(dir))).message).toBe(
      `${join(dir, 'valid.csv')}:2: expected 11 columns (as in the header), found 10`,
    );
    writeTree(
      { 'valid.csv': `${header}\n\nU1,['A0'],A3,"[0, 3",3,['Star Racer - PC'],Mage's Tower,[5.0],4.0,[100],7\n` },
      dir,
    );
    expect((await userError(loader.load(dir))).message).toBe(
      `${join(dir, 'valid.csv')}:3: column history_item_id: bad Python list at character 6: expected ',' or ']' but found the end of the text`,
    );
    writeTree({ 'valid.csv': `${header}\nU1,"['A0'],A3\n` }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(
      /valid\.csv:2: malformed CSV \(the quoted field starting on this line is never closed\)/,
    );
    writeTree({ 'valid.csv': '' }, dir);
    expect((await userError(loader.load(dir))).message).toMatch(/valid\.csv: empty CSV file/);
    const dir2 = copyFixture('d3');
    writeTree({ 'items.txt': 'A\t0\nB\t0\n' }, dir2);
    expect((await userError(loader.load(dir2))).message).toBe(`${join(dir2, 'items.txt')}:2: duplicate item id "0"`);
    writeTree({ 'items.txt': 'A\t0\nB 1\n' }, dir2);
    expect((await userError(loader.load(dir2))).message).toMatch(/items\.txt:2: expected "title<TAB>item_id"/);
    const dir3 = copyFixture('d3');
    writeTree({ 'popularity_groups.json': '{"0": ["0"], "1": ["0"]}' }, dir3);
    expect((await userError(loader.load(dir3))).message).toMatch(
      /popularity_groups\.json: item 0 is in groups "0" and "1"/,
    );
    writeTree({ 'popularity_groups.json': '{"0": ["42"]}' }, dir3);
    expect((await userError(loader.load(dir3))).message).toMatch(/lists "42", which is not an item/);
    const dir4 = copyFixture('d3');
    writeTree({ 'train_transitions.jsonl': '{"history": [0], "next": null}\n' }, dir4);
    expect((await userError(loader.load(dir4))).message).toBe(
      `${join(dir4, 'train_transitions.jsonl')}:1: "next" must be an integer or a non-empty string item id`,
    );
    expect((await userError(loader.load(writeTree({ 'items.txt': '' })))).message).toMatch(/missing valid\.csv/);
  });
});
