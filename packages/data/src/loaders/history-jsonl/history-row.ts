import { RecordError } from '../../dataset/record-error.js';

/** An item mention: a title and its genres. */
export interface TitledItem {
  readonly title: string;
  readonly genres: readonly string[];
}

/** One parsed row of the history → target-list JSONL format. */
export interface HistoryRow {
  readonly id?: string;
  readonly user?: string;
  readonly history: TitledItem[];
  readonly target: TitledItem[];
}

/**
 * Parses one row `{"id"?, "user"?, "history": [item…], "target": [item…]}` where an item is
 * `{"title": "…", "genre"?: "…" | ["…"]}` or a bare title string. `"targets"` is accepted for
 * `"target"`.
 * @throws RecordError for any other shape, an empty title or a non-string genre.
 */
export function parseHistoryRow(value: unknown): HistoryRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RecordError('expected a JSON object {"history": [...], "target": [...]}');
  const raw = value as Record<string, unknown>;
  const id = optionalId(raw['id'], '"id"');
  const user = optionalId(raw['user'], '"user"');
  const targetKey = raw['target'] === undefined && raw['targets'] !== undefined ? 'targets' : 'target';
  return { id, user, history: items(raw['history'], '"history"'), target: items(raw[targetKey], `"${targetKey}"`) };
}

function optionalId(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  throw new RecordError(`${name} must be a string or a number`);
}

function items(v: unknown, name: string): TitledItem[] {
  if (!Array.isArray(v)) throw new RecordError(`${name} must be an array of {"title", "genre"} items`);
  return v.map((entry, k) => {
    const where = `${name}[${k}]`;
    if (typeof entry === 'string') {
      if (entry.trim() === '') throw new RecordError(`${where}: empty title`);
      return { title: entry, genres: [] };
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new RecordError(`${where} must be an object {"title", "genre"} or a title string`);
    const o = entry as Record<string, unknown>;
    if (typeof o['title'] !== 'string' || o['title'].trim() === '')
      throw new RecordError(`${where}: "title" must be a non-empty string`);
    const g = o['genre'] ?? o['genres'];
    let genres: string[];
    if (g === undefined || g === null) genres = [];
    else if (typeof g === 'string') genres = g === '' ? [] : [g];
    else if (Array.isArray(g) && g.every((x) => typeof x === 'string')) genres = g as string[];
    else throw new RecordError(`${where}: "genre" must be a string or an array of strings`);
    return { title: o['title'], genres };
  });
}
