import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  decodeText,
  jsonErrorOffset,
  detectLatin1OrUtf8,
  firstInvalidUtf8,
  jsonArrayElementLines,
  parseJsonText,
  parseOptionFlags,
  readCsvRecords,
  readJsonLines,
  readLines,
  validateOptions,
  writeLines,
} from '../src/internal.js';
import { Type } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { userError } from './support/errors.js';
import { tmpDir, writeTree } from './support/tmp-tree.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readLines', () => {
  test('LF and CRLF endings, a BOM, a last line without newline, blank lines', async () => {
    const dir = writeTree({
      'a.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('one\r\ntwo\n\nthré\nlast')]),
    });
    expect(await collect(readLines(join(dir, 'a.txt')))).toEqual([
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
      { line: 3, text: '' },
      { line: 4, text: 'thré' },
      { line: 5, text: 'last' },
    ]);
  });

  test('long files across stream chunks keep line numbers', async () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}`);
    const dir = writeTree({ 'big.txt': lines.join('\n') + '\n' });
    const read = await collect(readLines(join(dir, 'big.txt')));
    expect(read).toHaveLength(20000);
    expect(read[12345]).toEqual({ line: 12346, text: lines[12345] });
  });

  test('invalid UTF-8 is a located error; Latin-1 decodes every byte', async () => {
    const dir = writeTree({ 'bad.txt': Buffer.from('ok\nMis\xe9rables\n', 'latin1') });
    expect((await userError(collect(readLines(join(dir, 'bad.txt'))))).message).toBe(
      `${join(dir, 'bad.txt')}:2: invalid UTF-8 (byte 0xe9 at byte 4 of the line); the file must be UTF-8 — re-encode it (e.g. iconv -f latin1 -t utf-8)`,
    );
    expect((await collect(readLines(join(dir, 'bad.txt'), 'latin1')))[1]!.text).toBe('Misérables');
    expect((await userError(collect(readLines(join(dir, 'none.txt'))))).message).toBe(
      `${join(dir, 'none.txt')}: cannot read (ENOENT)`,
    );
  });
});

describe('UTF-8 validation and encoding detection', () => {
  test('firstInvalidUtf8 finds truncated, overlong, surrogate and out-of-range sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo €😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xc3))).toBe(1); // truncated
    expect(firstInvalidUtf8(Uint8Array.of(0xc0, 0xaf))).toBe(0); // overlong
    expect(firstInvalidUtf8(Uint8Array.of(0xe0, 0x80, 0xaf))).toBe(0); // overlong
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe(0); // > U+10FFFF
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0x80))).toBe(1); // stray continuation
  });
  test('detectLatin1OrUtf8', () => {
    expect(detectLatin1OrUtf8(Buffer.from('plain ascii'))).toBe('latin1');
    expect(detectLatin1OrUtf8(Buffer.from('Misérables', 'utf8'))).toBe('utf8');
    expect(detectLatin1OrUtf8(Buffer.from('Misérables', 'latin1'))).toBe('latin1');
  });
  test('decodeText names the line of the first bad byte', () => {
    expect(() => decodeText(Buffer.from('a\nb\nc\xff\n', 'latin1'), 'f.json')).toThrow(
      /^f\.json:3: invalid UTF-8 \(byte 0xff/,
    );
  });
});

describe('JSON helpers', () => {
  test('parseJsonText reports the line of a syntax error', () => {
    expect(() => parseJsonText('{\n"a": 1,\n"b": }', 'x.json')).toThrow(/^x\.json:3: malformed JSON/);
    expect(() => parseJsonText('[1,\n2,\n\n]', 'x.json')).toThrow(/^x\.json:4: malformed JSON/);
    expect(() => parseJsonText('{"a": [1, {"b": "c\n"}]}', 'x.json')).toThrow(/^x\.json:1: malformed JSON/);
  });

  test.prop([fc.json()])('jsonErrorOffset accepts valid JSON', (text) => {
    expect(jsonErrorOffset(text)).toBe(-1);
  });

  test.prop([fc.json(), fc.nat(), fc.string({ maxLength: 3 })])(
    'jsonErrorOffset agrees with JSON.parse on mutated JSON',
    (text, at, insert) => {
      const k = at % (text.length + 1);
      const mutated = text.slice(0, k) + insert + text.slice(k + 1);
      let valid = true;
      try {
        JSON.parse(mutated);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(mutated) < 0).toBe(valid);
    },
  );
  test('jsonArrayElementLines follows strings, escapes and nesting', () => {
    const text = '[\n  {"a": "x, ]\\" {"},\n  [1,\n 2],\n\n  "s"\n, 3]';
    expect(jsonArrayElementLines(text)).toEqual([2, 3, 6, 7]);
    expect(jsonArrayElementLines('[]')).toEqual([]);
    expect(jsonArrayElementLines('[{"a":1},{"b":2}]')).toEqual([1, 1]);
  });
  test('readJsonLines counts blank lines and names malformed ones', async () => {
    const dir = writeTree({ 'a.jsonl': '{"a":1}\n\n{"b":\n' });
    const blanks: number[] = [];
    const e = await userError(collect(readJsonLines(join(dir, 'a.jsonl'), (l) => blanks.push(l))));
    expect(e.message).toMatch(/a\.jsonl:3: malformed JSON/);
    expect(blanks).toEqual([2]);
  });
});

describe('readCsvRecords', () => {
  test('RFC 4180 quoting, multi-line fields, blank lines, TSV', async () => {
    const dir = writeTree({ 'a.csv': 'a,b\n1,"x\ny"\n\n3,"q""w"\n"",\n', 'b.tsv': 'a\tb\n"1\t2"\t3\n' });
    const blanks: number[] = [];
    expect(await collect(readCsvRecords(join(dir, 'a.csv'), { onBlank: (l) => blanks.push(l) }))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\ny'] },
      { line: 5, fields: ['3', 'q"w'] },
      { line: 6, fields: ['', ''] },
    ]);
    expect(blanks).toEqual([4]);
    expect(await collect(readCsvRecords(join(dir, 'b.tsv'), { delimiter: '\t' }))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1\t2', '3'] },
    ]);
  });
  test('malformed quoting is located', async () => {
    const dir = writeTree({ 'a.csv': 'a,b\n1,"x"y\n', 'b.csv': 'a,b\n1,x"y\n', 'c.csv': 'a\n"open\nstill open\n' });
    expect((await userError(collect(readCsvRecords(join(dir, 'a.csv'))))).message).toMatch(
      /a\.csv:2: malformed CSV \(unexpected "y" after a closing quote at character 6\)/,
    );
    expect((await userError(collect(readCsvRecords(join(dir, 'b.csv'))))).message).toMatch(
      /b\.csv:2: malformed CSV \(a double quote inside the unquoted field 2/,
    );
    expect((await userError(collect(readCsvRecords(join(dir, 'c.csv'))))).message).toMatch(
      /c\.csv:2: malformed CSV \(the quoted field starting on this line is never closed\)/,
    );
  });
});

describe('writeLines', () => {
  test('writes lines; an unwritable path is a user error', async () => {
    const dir = tmpDir();
    await writeLines(join(dir, 'out.txt'), ['a', 'b']);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('a\nb\n');
    expect((await userError(writeLines(join(dir, 'no', 'such', 'x.txt'), ['a']))).message).toMatch(
      /x\.txt: cannot write \(ENOENT\)/,
    );
  });
});

describe('options', () => {
  const schema = Type.Object({ k: Type.Integer({ minimum: 1, default: 5 }), name: Type.Optional(Type.String()) });
  test('defaults are filled, unknown keys and bad values are named', () => {
    expect(validateOptions(schema, {}, 'f')).toEqual({ k: 5 });
    expect(() => validateOptions(schema, { k: 0, colour: 1 }, 'f')).toThrow(
      "invalid options for format 'f': unknown option 'colour' (known: k, name); k must be >= 1",
    );
    expect(() => validateOptions(schema, { k: '5' }, 'f')).toThrow(/k must be integer/);
  });
  test('parseOptionFlags reads JSON values or strings', () => {
    expect(
      parseOptionFlags(['kCore=5', 'split=sliding-window', 'fractions=[0.8,0.1,0.1]', 'maxHistory=null', 'name=a=b']),
    ).toEqual({
      kCore: 5,
      split: 'sliding-window',
      fractions: [0.8, 0.1, 0.1],
      maxHistory: undefined,
      name: 'a=b',
    });
    expect(() => parseOptionFlags(['kCore'])).toThrow(/expected key=value/);
    expect(() => parseOptionFlags(['a=1', 'a=2'])).toThrow(/--option a is given twice/);
  });
});
