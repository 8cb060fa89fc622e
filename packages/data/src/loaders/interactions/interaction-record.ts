import { RecordError } from '../../dataset/record-error.js';

/** One generic interaction. `rating` is NaN when the file has none. */
export interface InteractionRecord {
  readonly user: string;
  readonly item: string;
  readonly timestamp: number;
  readonly rating: number;
}

/** Accepted column names (case-insensitive) for each field of the generic format. */
export const INTERACTION_COLUMNS = {
  user: ['user', 'user_id', 'userid'],
  item: ['item', 'item_id', 'itemid', 'movieid'],
  timestamp: ['timestamp', 'time', 'ts'],
  rating: ['rating', 'score'],
} as const;

/** Column positions of a generic CSV header. */
export interface InteractionHeader {
  readonly width: number;
  readonly user: number;
  readonly item: number;
  readonly timestamp: number;
  readonly rating?: number;
}

/**
 * Reads a CSV header: `user`, `item` and `timestamp` are required, `rating` optional (aliases in
 * {@link INTERACTION_COLUMNS}); other columns are ignored.
 * @throws RecordError when a required column is missing or named twice.
 */
export function parseInteractionHeader(fields: readonly string[]): InteractionHeader {
  const find = (names: readonly string[], field: string, required: boolean): number | undefined => {
    const hits = fields.map((f, i) => [f.trim().toLowerCase(), i] as const).filter(([f]) => names.includes(f));
    if (hits.length > 1) throw new RecordError(`the header names the ${field} column twice`);
    if (hits.length === 0 && required)
      throw new RecordError(
        `the header has no ${field} column (expected one of: ${names.join(', ')}; header: ${fields.join(',')})`,
      );
    return hits[0]?.[1];
  };
  return {
    width: fields.length,
    user: find(INTERACTION_COLUMNS.user, 'user', true)!,
    item: find(INTERACTION_COLUMNS.item, 'item', true)!,
    timestamp: find(INTERACTION_COLUMNS.timestamp, 'timestamp', true)!,
    rating: find(INTERACTION_COLUMNS.rating, 'rating', false),
  };
}

/**
 * Parses a timestamp: a finite number (any unit; only the order matters) or an ISO 8601 date
 * (`2024-01-31`, `2024-01-31T12:00:00Z`), which becomes milliseconds since the epoch.
 * @throws RecordError for anything else.
 */
export function parseTimestamp(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) {
      const n = Number(s);
      if (Number.isFinite(n)) return n;
    }
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
      const ms = Date.parse(s.replace(' ', 'T'));
      if (Number.isFinite(ms)) return ms;
    }
  }
  throw new RecordError(`timestamp ${JSON.stringify(raw)} is neither a number nor an ISO 8601 date`);
}

function parseRating(raw: unknown): number {
  const r = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof r !== 'number' || !Number.isFinite(r))
    throw new RecordError(`rating ${JSON.stringify(raw)} is not a number`);
  return r;
}

function idOf(raw: unknown, name: string): string {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  throw new RecordError(`${name} must be a non-empty id`);
}

/** Parses one CSV data row. @throws RecordError for a wrong column count or a bad field. */
export function parseInteractionFields(fields: readonly string[], header: InteractionHeader): InteractionRecord {
  if (fields.length !== header.width)
    throw new RecordError(`expected ${header.width} columns (as in the header), found ${fields.length}`);
  return {
    user: idOf(fields[header.user], 'user'),
    item: idOf(fields[header.item], 'item'),
    timestamp: parseTimestamp(fields[header.timestamp]),
    rating: header.rating === undefined ? NaN : parseRating(fields[header.rating]),
  };
}

/** Parses one JSONL object `{"user", "item", "timestamp", "rating"?}`. @throws RecordError for another shape. */
export function parseInteractionJson(value: unknown): InteractionRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RecordError('expected a JSON object {"user", "item", "timestamp", "rating"?}');
  const o = value as Record<string, unknown>;
  return {
    user: idOf(o['user'], '"user"'),
    item: idOf(o['item'], '"item"'),
    timestamp: parseTimestamp(o['timestamp']),
    rating: o['rating'] === undefined || o['rating'] === null ? NaN : parseRating(o['rating']),
  };
}
