import { BladeUserError } from '@bladerec/core';
import { readLines } from './line-reader.js';

/** One CSV record with the line it starts on. */
export interface CsvRecord {
  /** 1-based line where the record starts (records may span lines inside quoted fields). */
  readonly line: number;
  readonly fields: string[];
}

/**
 * Streams the records of a UTF-8 CSV file with RFC 4180 quoting: a field that starts with `"` is
 * quoted, `""` inside it is one quote, and it may span lines (the line break is kept as `\n`); a
 * closing quote must be followed by the delimiter or the end of the line, and an unquoted field may
 * not contain `"`. Records may have any number of fields: callers check the column count and name
 * the line. Empty lines outside quotes are reported through `onBlank` and skipped. Linear time,
 * constant memory besides the current record.
 * @throws BladeUserError `<file>:<line>: malformed CSV (…)`, plus the errors of {@link readLines}.
 */
export async function* readCsvRecords(
  file: string,
  options: { delimiter?: string; onBlank?: (line: number) => void } = {},
): AsyncGenerator<CsvRecord> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n')
    throw new RangeError(`bad CSV delimiter ${JSON.stringify(delimiter)}`);
  let fields: string[] = [];
  let quoted: string | undefined; // text of an open quoted field that continues on the next line
  let start = 0;
  for await (const { line, text } of readLines(file)) {
    const fail = (reason: string): never => {
      throw new BladeUserError(`malformed CSV (${reason})`, { file, line });
    };
    let i = 0;
    if (quoted === undefined) {
      if (text === '') {
        options.onBlank?.(line);
        continue;
      }
      start = line;
      fields = [];
    } else {
      const r = readQuoted(text, 0);
      if (r.end < 0) {
        quoted += '\n' + r.value;
        continue;
      }
      fields.push(quoted + '\n' + r.value);
      quoted = undefined;
      i = afterQuote(text, r.end, delimiter, fail);
      if (i < 0) {
        yield { line: start, fields };
        continue;
      }
    }
    for (;;) {
      if (text[i] === '"') {
        const r = readQuoted(text, i + 1);
        if (r.end < 0) {
          quoted = r.value;
          break;
        }
        fields.push(r.value);
        i = afterQuote(text, r.end, delimiter, fail);
        if (i < 0) break;
      } else {
        let end = text.indexOf(delimiter, i);
        if (end < 0) end = text.length;
        const value = text.slice(i, end);
        const q = value.indexOf('"');
        if (q >= 0)
          fail(
            `a double quote inside the unquoted field ${fields.length + 1} at character ${i + q + 1}; quote the field and double its quotes`,
          );
        fields.push(value);
        if (end === text.length) break;
        i = end + 1;
      }
    }
    if (quoted === undefined) yield { line: start, fields };
  }
  if (quoted !== undefined)
    throw new BladeUserError(`malformed CSV (the quoted field starting on this line is never closed)`, {
      file,
      line: start,
    });
}

/**
 * Reads quoted-field text from `from` to its closing quote: the value and the closing quote's index (−1 when the line
 * ends first).
 */
function readQuoted(text: string, from: number): { value: string; end: number } {
  let value = '';
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return { value: value + text.slice(i), end: -1 };
    value += text.slice(i, q);
    if (text[q + 1] === '"') {
      value += '"';
      i = q + 2;
    } else return { value, end: q };
  }
}

/** Index of the next field after a closing quote at `q`, or −1 at the end of the line. */
function afterQuote(text: string, q: number, delimiter: string, fail: (reason: string) => never): number {
  if (q + 1 === text.length) return -1;
  if (text[q + 1] === delimiter) return q + 2;
  return fail(`unexpected ${JSON.stringify(text[q + 1])} after a closing quote at character ${q + 2}`);
}
