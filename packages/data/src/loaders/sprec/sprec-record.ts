import { RecordError } from '../../dataset/record-error.js';
import { parseQuotedTitleList } from './quoted-title-list.js';

/** One parsed SPRec example: catalog indices plus the titles that were not found. */
export interface SprecRecord {
  readonly history: number[];
  readonly targets: number[];
  readonly unknownHistory: string[];
  readonly unknownTargets: string[];
}

/**
 * Parses one Alpaca-style example `{"instruction"?, "input", "output"}`: the history is the quoted
 * title list of `input`, the targets the quoted title(s) of `output` (an output without quotes is
 * one title, trimmed). Titles are resolved with `byTitle` (see {@link parseQuotedTitleList}).
 * @throws RecordError for a non-object, a missing or non-string field, an empty output or an
 *   unterminated title.
 */
export function parseSprecRecord(value: unknown, byTitle: ReadonlyMap<string, number>): SprecRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RecordError('an example must be a JSON object {"instruction", "input", "output"}');
  const raw = value as Record<string, unknown>;
  for (const key of ['input', 'output'] as const) {
    if (typeof raw[key] !== 'string') throw new RecordError(`"${key}" must be a string`);
  }
  if (raw['instruction'] !== undefined && typeof raw['instruction'] !== 'string')
    throw new RecordError('"instruction" must be a string');
  const isKnown = (t: string) => byTitle.has(t);
  const input = withContext('"input"', () => parseQuotedTitleList(raw['input'] as string, isKnown));
  const outputText = raw['output'] as string;
  const output = outputText.includes('"')
    ? withContext('"output"', () => parseQuotedTitleList(outputText, isKnown))
    : { titles: [outputText.trim()], known: [isKnown(outputText.trim())] };
  if (output.titles.length === 0 || (output.titles.length === 1 && output.titles[0] === ''))
    throw new RecordError('"output" names no title');
  const history: number[] = [];
  const unknownHistory: string[] = [];
  input.titles.forEach((t, k) => (input.known[k] ? history.push(byTitle.get(t)!) : unknownHistory.push(t)));
  const targets: number[] = [];
  const unknownTargets: string[] = [];
  output.titles.forEach((t, k) => (output.known[k] ? targets.push(byTitle.get(t)!) : unknownTargets.push(t)));
  return { history, targets, unknownHistory, unknownTargets };
}

function withContext<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RecordError) throw new RecordError(`${field}: ${error.message}`);
    throw error;
  }
}
