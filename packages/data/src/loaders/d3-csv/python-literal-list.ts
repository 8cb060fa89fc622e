import { RecordError } from '../../dataset/record-error.js';

/** An element of a Python literal list: a string or a number. */
export type PythonLiteral = string | number;

/**
 * Parses a Python literal list as pandas writes list columns to CSV: `[]`, `[1914, 1170]`,
 * `[5.0, 4.0]`, `['Dead Rising 4', "Tom Clancy's Rainbow Six"]`. Strings use single or double
 * quotes with Python escapes (`\\`, `\'`, `\"`, `\n`, `\t`, `\r`, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`;
 * an unknown escape keeps its backslash, as in Python); commas inside strings are data. Numbers are
 * Python int/float literals (`-3`, `1.5e3`, `nan`, `inf` are refused). A trailing comma is allowed.
 * Runs in linear time.
 * @throws RecordError naming the character position and what was expected.
 */
export function parsePythonLiteralList(text: string): PythonLiteral[] {
  let i = 0;
  const n = text.length;
  const fail = (what: string): never => {
    throw new RecordError(`bad Python list at character ${i + 1}: ${what}`);
  };
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  skipSpace();
  if (text[i] !== '[') fail(`expected '[' but found ${describe(text[i])}`);
  i++;
  const out: PythonLiteral[] = [];
  skipSpace();
  if (text[i] === ']') {
    i++;
  } else {
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c === "'" || c === '"') out.push(readString(c));
      else if (c !== undefined && /[-+0-9.]/.test(c)) out.push(readNumber());
      else if (c === ']' && out.length > 0) {
        i++;
        break;
      } else fail(`expected a string or a number but found ${describe(c)}`);
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        break;
      }
      fail(`expected ',' or ']' but found ${describe(text[i])}`);
    }
  }
  skipSpace();
  if (i < n) fail(`unexpected ${describe(text[i])} after the list`);
  return out;

  function readString(quote: string): string {
    const start = i;
    i++;
    let s = '';
    let runStart = i;
    while (i < n) {
      const c = text[i]!;
      if (c === quote) {
        s += text.slice(runStart, i);
        i++;
        return s;
      }
      if (c === '\n') break;
      if (c === '\\') {
        s += text.slice(runStart, i);
        i++;
        if (i >= n) break;
        const e = text[i]!;
        i++;
        switch (e) {
          case '\\':
          case "'":
          case '"':
            s += e;
            break;
          case 'n':
            s += '\n';
            break;
          case 't':
            s += '\t';
            break;
          case 'r':
            s += '\r';
            break;
          case '0':
            s += '\0';
            break;
          case 'x':
            s += hexChar(2);
            break;
          case 'u':
            s += hexChar(4);
            break;
          case 'U':
            s += hexChar(8);
            break;
          case '\n':
            break;
          default:
            s += '\\' + e;
        }
        runStart = i;
        continue;
      }
      i++;
    }
    i = start;
    return fail(`unterminated string starting with ${quote}`);
  }

  function hexChar(len: number): string {
    const hex = text.slice(i, i + len);
    if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex))
      return fail(`bad \\${len === 2 ? 'x' : len === 4 ? 'u' : 'U'} escape`);
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) return fail('escape beyond U+10FFFF');
    i += len;
    return String.fromCodePoint(cp);
  }

  function readNumber(): number {
    const m = /^[-+]?(\d+(_\d+)*(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) return fail('bad number');
    const value = Number(m[0].replace(/_/g, ''));
    if (!Number.isFinite(value)) return fail('number out of range');
    i += m[0].length;
    return value;
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'the end of the text' : JSON.stringify(c);
}
