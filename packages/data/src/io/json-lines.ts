import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BladeUserError } from '@bladerec/core';

/** One parsed line of a JSON-lines file. */
export interface JsonLine {
  /** 1-based line number. */
  readonly line: number;
  readonly value: unknown;
}

/**
 * Streams a JSON-lines file, one parsed value per non-blank line, with its line number.
 * @throws BladeUserError `<file>:<line>: malformed JSON (…)` for a line that does not parse, and
 *   `<file>: cannot read (…)` when the file is missing or unreadable.
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new BladeUserError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new BladeUserError(`malformed JSON (${(error as Error).message})`, { file, line });
    }
    yield { line, value };
  }
}
