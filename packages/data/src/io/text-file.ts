import { readFile } from 'node:fs/promises';
import { BladeUserError } from '@bladerec/core';
import { decodeLine, firstInvalidUtf8, type TextEncoding } from './text-encoding.js';

/** Reads a whole file's bytes. @throws BladeUserError `<file>: cannot read (…)`. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new BladeUserError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      file,
    });
  }
}

/**
 * Decodes a whole file (strict UTF-8 or Latin-1; a UTF-8 BOM is skipped).
 * @throws BladeUserError naming the line of the first invalid UTF-8 byte.
 */
export function decodeText(bytes: Uint8Array, file: string, encoding: TextEncoding = 'utf8'): string {
  let b = bytes;
  if (encoding === 'utf8' && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  if (encoding === 'utf8') {
    const bad = firstInvalidUtf8(b);
    if (bad >= 0) {
      let line = 1;
      let lineStart = 0;
      for (let i = 0; i < bad; i++) {
        if (b[i] === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
      let end = b.indexOf(0x0a, bad);
      if (end < 0) end = b.length;
      decodeLine(b.subarray(lineStart, end), 'utf8', { file, line });
    }
  }
  return decodeLine(b, encoding, { file, line: 1 });
}

/** {@link readBytes} then {@link decodeText}. */
export async function readTextFile(file: string, encoding: TextEncoding = 'utf8'): Promise<string> {
  return decodeText(await readBytes(file), file, encoding);
}
