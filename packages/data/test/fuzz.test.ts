import { join } from 'node:path';
import { BladeUserError } from '@bladerec/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  D3CsvLoader,
  HistoryJsonlLoader,
  InteractionsLoader,
  MovielensLoader,
  parseCanonicalExample,
  parseD3Header,
  parseD3Row,
  parseHistoryRow,
  parseInteractionFields,
  parseInteractionHeader,
  parseInteractionJson,
  parseItemsTxtLine,
  parseMoviesDatLine,
  parsePythonLiteralList,
  parseQuotedTitleList,
  parseRatingLine,
  parseSprecRecord,
  parseTrainTransition,
  parseUItemLine,
  RecordError,
  SprecLoader,
  CanonicalLoader,
} from '../src/internal.js';
import { copyFixture, writeTree } from './support/tmp-tree.js';

/** The only allowed outcomes: a value, or a RecordError / BladeUserError with a message. */
function parsedOrNamed(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof RecordError || error instanceof BladeUserError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

/** Random text mixing the characters that matter to these formats. */
const noisy = fc.string({
  unit: fc.constantFrom(
    '"',
    "'",
    ',',
    '[',
    ']',
    '\\',
    '\t',
    '|',
    ':',
    ' ',
    'a',
    '1',
    '.',
    '-',
    'é',
    '\n',
    'x',
    '{',
    '}',
  ),
  maxLength: 60,
});
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), noisy);

/** Mutations of a valid line: delete, insert or replace a random slice. */
function mutated(valid: readonly string[]) {
  return fc
    .tuple(fc.constantFrom(...valid), fc.nat(), fc.nat(8), fc.oneof(noisy, fc.string({ maxLength: 5 })))
    .map(([line, at, len, insert]) => {
      const k = at % (line.length + 1);
      return line.slice(0, k) + insert + line.slice(k + len);
    });
}

describe('parsers fuzzed with random and mutated input: a record or a named error', () => {
  const byTitle = new Map([
    ['Night', 0],
    ['Say "Hi", "Bye"', 1],
    ['Salt, Pepper', 2],
  ]);
  const sprecInputs = [
    'The user has read: "Night", "Say "Hi", "Bye"", "Salt, Pepper", please',
    '"Night"\n',
    'nothing here',
  ];
  test.prop([fc.oneof(anyText, mutated(sprecInputs)), fc.oneof(anyText, mutated(sprecInputs))])(
    'SPRec records',
    (input, output) => {
      parsedOrNamed(() => parseSprecRecord({ input, output }, byTitle));
      parsedOrNamed(() => parseQuotedTitleList(input, (t) => byTitle.has(t)));
    },
  );

  const pyLists = [
    "['Dead Rising 4 - Xbox One', \"Tom Clancy's\", 'a, b']",
    '[1914, 1170, 5.0]',
    '[]',
    "['it\\'s \\x41 \\u00e9']",
  ];
  test.prop([fc.oneof(anyText, mutated(pyLists))])('Python literal lists', (text) =>
    parsedOrNamed(() => parsePythonLiteralList(text)),
  );

  const d3Header = parseD3Header(['user_id', 'history_item_id', 'item_id', 'history_item_title', 'item_title']);
  test.prop([fc.array(fc.oneof(anyText, mutated(pyLists)), { maxLength: 7 })])('D3 rows and headers', (fields) => {
    parsedOrNamed(() => parseD3Row(fields, d3Header));
    parsedOrNamed(() => parseD3Header(fields));
  });

  test.prop([fc.oneof(anyText, mutated(['Star Racer - PC\t0', 'A\tB\t7']))])('items.txt lines', (t) =>
    parsedOrNamed(() => parseItemsTxtLine(t)),
  );

  const mlLines = [
    '196\t242\t3\t881250949',
    '1::1193::5::978300760',
    '7::Sabrina (1995)::Comedy|Romance',
    `2|Misérables (1995)|01-Jan-1995||http://x|${Array(19).fill('0').join('|')}`,
  ];
  test.prop([fc.oneof(anyText, mutated(mlLines))])('MovieLens lines', (t) => {
    parsedOrNamed(() => parseRatingLine(t, '\t'));
    parsedOrNamed(() => parseRatingLine(t, '::'));
    parsedOrNamed(() => parseMoviesDatLine(t));
    parsedOrNamed(() => parseUItemLine(t));
  });

  const ih = parseInteractionHeader(['user', 'item', 'timestamp', 'rating']);
  test.prop([fc.array(fc.oneof(anyText, mutated(['u1', 'i9', '2024-01-31', '4.5', '12'])), { maxLength: 5 })])(
    'generic interaction rows',
    (fields) => {
      parsedOrNamed(() => parseInteractionFields(fields, ih));
      parsedOrNamed(() => parseInteractionHeader(fields));
    },
  );

  const jsonLines = [
    '{"user": "a", "item": "x1", "timestamp": 3}',
    '{"history": [{"title": "A", "genre": "Drama"}], "target": ["B"]}',
    '{"history": [1, 2], "next": 3}',
    '{"history": ["a"], "targets": ["b"]}',
  ];
  test.prop([
    fc.oneof(
      fc.jsonValue(),
      mutated(jsonLines).map((t) => {
        try {
          return JSON.parse(t) as unknown;
        } catch {
          return t;
        }
      }),
    ),
  ])('JSON record shapes', (value) => {
    parsedOrNamed(() => parseInteractionJson(value));
    parsedOrNamed(() => parseHistoryRow(value));
    parsedOrNamed(() => parseTrainTransition(value));
    parsedOrNamed(() => parseCanonicalExample(value, (id) => (id === 'a' || id === 'b' ? 0 : -1)));
  });
});

describe('loaders fuzzed with random and mutated files: a data set or a located error', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
    noisy.map((s) => Buffer.from(s)),
  );

  async function loadedOrNamed(load: () => Promise<unknown>, file: string): Promise<void> {
    try {
      await load();
    } catch (error) {
      if (!(error instanceof BladeUserError)) throw error;
      expect(error.message.startsWith(file)).toBe(true);
    }
  }

  test.prop([bytes], { numRuns: 40 })('movielens u.data / u.item', async (data) => {
    const dir = copyFixture('ml-100k');
    writeTree({ 'u.data': data }, dir);
    await loadedOrNamed(() => new MovielensLoader().load(dir, { kCore: 1 }), dir);
    writeTree({ 'u.item': data }, dir);
    await loadedOrNamed(() => new MovielensLoader().load(dir, { kCore: 1 }), dir);
  });

  test.prop(
    [
      bytes,
      fc.constantFrom(
        'valid.csv',
        'items.txt',
        'train_transitions.jsonl',
        'popularity_groups.json',
        'title_interaction_counts.json',
      ),
    ],
    { numRuns: 40 },
  )('d3-csv files', async (data, name) => {
    const dir = copyFixture('d3');
    writeTree({ [name]: data }, dir);
    await loadedOrNamed(() => new D3CsvLoader().load(dir), dir);
  });

  test.prop([bytes, fc.constantFrom('train.json', 'id2name.json', 'name2genre.json')], { numRuns: 40 })(
    'sprec files',
    async (data, name) => {
      const dir = copyFixture('sprec');
      writeTree({ [name]: data }, dir);
      await loadedOrNamed(() => new SprecLoader().load(dir), dir);
    },
  );

  test.prop([bytes], { numRuns: 30 })('history-jsonl, interactions and canonical files', async (data) => {
    const dir = copyFixture('history-lists');
    writeTree({ 'valid.jsonl': data }, dir);
    await loadedOrNamed(() => new HistoryJsonlLoader().load(dir), dir);
    const f = writeTree({
      'i.csv': data,
      'i.jsonl': data,
      'catalog.json': data,
      'train.jsonl': data,
      'valid.jsonl': '',
      'test.jsonl': '',
    });
    await loadedOrNamed(() => new InteractionsLoader().load(join(f, 'i.csv'), { kCore: 1 }), f);
    await loadedOrNamed(() => new InteractionsLoader().load(join(f, 'i.jsonl'), { kCore: 1 }), f);
    await loadedOrNamed(() => new CanonicalLoader().load(f), f);
  });
});
