import { createReadStream } from 'node:fs';
import { BladeUserError } from '@bladerec/core';
import { decodeLine, type TextEncoding } from './text-encoding.js';

/** One line of a text file. */
export interface TextLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line without its terminator (`\n` or `\r\n`). */
  readonly text: string;
}

/**
 * Streams a text file line by line in constant memory (plus the longest line). Lines end at `\n`; a
 * trailing `\r` is removed; a UTF-8 byte-order mark at the start is skipped. UTF-8 is decoded
 * strictly (see {@link decodeLine}).
 * @throws BladeUserError `<file>: cannot read (ENOENT)` and `<file>:<line>: invalid UTF-8 …`.
 */
export async function* readLines(file: string, encoding: TextEncoding = 'utf8'): AsyncGenerator<TextLine> {
  const stream = createReadStream(file);
  let pending: Buffer[] = [];
  let line = 0;
  let first = true;
  const emit = (bytes: Uint8Array): TextLine => {
    line++;
    let b = bytes;
    if (first) {
      first = false;
      if (encoding === 'utf8' && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    if (b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    return { line, text: decodeLine(b, encoding, { file, line }) };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        const part = chunk.subarray(start, nl);
        const bytes = pending.length === 0 ? part : Buffer.concat([...pending, part]);
        pending = [];
        yield emit(bytes);
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
  } catch (error) {
    if (error instanceof BladeUserError) throw error;
    throw new BladeUserError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      file,
    });
  } finally {
    stream.destroy();
  }
  if (pending.length > 0) yield emit(Buffer.concat(pending));
}
