import { BladeUserError } from '@bladerec/core';
import { readLines } from './line-reader.js';

/** One parsed line of a JSON-lines file. */
export interface JsonLine {
  /** 1-based line number. */
  readonly line: number;
  readonly value: unknown;
}

/**
 * Streams a UTF-8 JSON-lines file, one parsed value per non-blank line, with its line number.
 * Pass `onBlank` to be told about skipped blank lines (loaders count them).
 * @throws BladeUserError `<file>:<line>: malformed JSON (…)` for a line that does not parse,
 *   `<file>:<line>: invalid UTF-8 …`, and `<file>: cannot read (…)` when the file is missing.
 */
export async function* readJsonLines(file: string, onBlank?: (line: number) => void): AsyncGenerator<JsonLine> {
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === '') {
      onBlank?.(line);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new BladeUserError(`malformed JSON (${(error as Error).message})`, { file, line });
    }
    yield { line, value };
  }
}
