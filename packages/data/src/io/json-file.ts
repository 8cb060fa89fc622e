import { BladeUserError } from '@bladerec/core';
import { jsonErrorOffset } from './json-syntax.js';
import { readTextFile } from './text-file.js';

/** 1-based line of character offset `pos` in `text`. */
export function lineAt(text: string, pos: number): number {
  let line = 1;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses JSON text; a syntax error becomes a `BladeUserError` at the line V8 reports (its
 * `position N`), or else at the line {@link jsonErrorOffset} finds.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : jsonErrorOffset(text);
    const line = offset >= 0 ? lineAt(text, offset) : undefined;
    throw new BladeUserError(`malformed JSON (${message.split('\n')[0]})`, { file, line });
  }
}

/** Reads and parses a UTF-8 JSON file. @throws BladeUserError (unreadable, invalid UTF-8, malformed JSON). */
export async function readJsonFile(file: string): Promise<{ text: string; value: unknown }> {
  const text = await readTextFile(file);
  return { text, value: parseJsonText(text, file) };
}

/**
 * Line numbers of the elements of a top-level JSON array (`[ {...}, {...} ]`), in order, found by a
 * linear scan that tracks strings and nesting. Used to name the line of a bad element in a JSON
 * array file. The text must already have parsed as JSON.
 */
export function jsonArrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (depth === 1 && expectElement && c !== 93) {
      lines.push(line);
      expectElement = false;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === 1 && c === 91) expectElement = true;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1) expectElement = true;
  }
  return lines;
}
