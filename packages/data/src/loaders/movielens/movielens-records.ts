import { RecordError } from '../../dataset/record-error.js';

/** The 19 ML-100K genre flags of `u.item`, in column order (as in `u.genre`). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

/** One rating. */
export interface RatingRecord {
  readonly user: string;
  readonly item: string;
  readonly rating: number;
  readonly timestamp: number;
}

/** One movie. */
export interface MovieRecord {
  readonly id: string;
  readonly title: string;
  readonly genres: string[];
}

/**
 * A rating line: ML-100K `u.data` (`user<TAB>item<TAB>rating<TAB>timestamp`) with `separator` `\t`,
 * ML-1M `ratings.dat` (`UserID::MovieID::Rating::Timestamp`) with `::`.
 * @throws RecordError for a wrong field count, an empty id, a non-numeric rating or timestamp.
 */
export function parseRatingLine(text: string, separator: '\t' | '::'): RatingRecord {
  const fields = text.split(separator);
  if (fields.length !== 4)
    throw new RecordError(
      `expected 4 fields separated by ${JSON.stringify(separator)} (user, item, rating, timestamp), found ${fields.length}`,
    );
  const [user, item, rating, timestamp] = fields.map((f) => f.trim()) as [string, string, string, string];
  if (user === '' || item === '') throw new RecordError('empty user or item id');
  const r = Number(rating);
  if (rating === '' || !Number.isFinite(r)) throw new RecordError(`rating ${JSON.stringify(rating)} is not a number`);
  if (!/^\d+$/.test(timestamp))
    throw new RecordError(`timestamp ${JSON.stringify(timestamp)} is not a non-negative integer`);
  return { user, item, rating: r, timestamp: Number(timestamp) };
}

/**
 * An ML-100K `u.item` line: `id|title|release date|video release date|IMDb URL|` + one 0/1 flag
 * per genre (`genres.length` flags, 19 by default).
 * @throws RecordError for a wrong field count, an empty id or a flag other than 0/1.
 */
export function parseUItemLine(text: string, genres: readonly string[] = ML100K_GENRES): MovieRecord {
  const fields = text.split('|');
  const expected = 5 + genres.length;
  if (fields.length !== expected)
    throw new RecordError(
      `expected ${expected} '|'-separated fields (id, title, release date, video release date, URL, ${genres.length} genre flags), found ${fields.length}`,
    );
  const id = fields[0]!.trim();
  if (id === '') throw new RecordError('empty movie id');
  const out: string[] = [];
  for (let g = 0; g < genres.length; g++) {
    const flag = fields[5 + g]!.trim();
    if (flag !== '0' && flag !== '1')
      throw new RecordError(`genre flag ${g + 1} (${genres[g]}) must be 0 or 1, found ${JSON.stringify(flag)}`);
    if (flag === '1') out.push(genres[g]!);
  }
  return { id, title: fields[1]!, genres: out };
}

/**
 * An ML-100K `u.genre` line `name|index`; indices must run 0, 1, 2, … (checked by the caller).
 * @throws RecordError for another shape.
 */
export function parseUGenreLine(text: string): { name: string; index: number } {
  const bar = text.lastIndexOf('|');
  const index = text.slice(bar + 1).trim();
  if (bar <= 0 || !/^\d+$/.test(index)) throw new RecordError('expected "genre name|index"');
  return { name: text.slice(0, bar), index: Number(index) };
}

/**
 * An ML-1M `movies.dat` line `MovieID::Title::Genre1|Genre2`: the id is before the first `::`, the
 * genres after the last one, the title in between.
 * @throws RecordError for fewer than 3 fields or an empty id or title.
 */
export function parseMoviesDatLine(text: string): MovieRecord {
  const first = text.indexOf('::');
  const last = text.lastIndexOf('::');
  if (first < 0 || last === first) throw new RecordError("expected 'MovieID::Title::Genres'");
  const id = text.slice(0, first).trim();
  const title = text.slice(first + 2, last);
  if (id === '' || title.trim() === '') throw new RecordError('empty movie id or title');
  const genres = text.slice(last + 2).trim();
  return { id, title, genres: genres === '' || genres === '(no genres listed)' ? [] : genres.split('|') };
}
