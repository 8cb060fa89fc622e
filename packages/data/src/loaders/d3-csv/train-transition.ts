import { RecordError } from '../../dataset/record-error.js';

/**
 * Parses one line of `train_transitions.jsonl`: `{"history": [ids], "next": id}` (ids are integers
 * or strings).
 * @throws RecordError for another shape.
 */
export function parseTrainTransition(value: unknown): { history: string[]; next: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RecordError('expected a JSON object {"history": [ids], "next": id}');
  const raw = value as Record<string, unknown>;
  if (!Array.isArray(raw['history'])) throw new RecordError('"history" must be an array of item ids');
  return { history: raw['history'].map((v, k) => idOf(v, `"history"[${k}]`)), next: idOf(raw['next'], '"next"') };
}

function idOf(v: unknown, name: string): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && v !== '') return v;
  throw new RecordError(`${name} must be an integer or a non-empty string item id`);
}
