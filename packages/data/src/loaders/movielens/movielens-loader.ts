import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';
import { injectable } from '@bladerec/core/inversify';
import { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { locate } from '../../dataset/record-error.js';
import { stringEnum } from '../../dataset/string-enum.js';
import { validateOptions } from '../../dataset/validate-options.js';
import { interactionOptionsSchema } from '../../interactions/interaction-options.js';
import { InteractionTable } from '../../interactions/interaction-table.js';
import { interactionsToDataset } from '../../interactions/interactions-to-dataset.js';
import { readLines } from '../../io/line-reader.js';
import { decodeText, readBytes } from '../../io/text-file.js';
import { detectLatin1OrUtf8, type TextEncoding } from '../../io/text-encoding.js';
import {
  type MovieRecord,
  ML100K_GENRES,
  parseMoviesDatLine,
  parseRatingLine,
  parseUGenreLine,
  parseUItemLine,
} from './movielens-records.js';

const base = interactionOptionsSchema({ ratingThreshold: 4, kCore: 5 });
/**
 * Options of the `movielens` loader: the interaction options with `ratingThreshold` 4 (ratings
 * > 3 are positive) and `kCore` 5 by default, plus `encoding` (`auto` [default]: UTF-8 if the item
 * file is valid UTF-8 with non-ASCII bytes, else Latin-1 as GroupLens ships it; `latin1`; `utf8`).
 */
export const movielensOptionsSchema = Type.Object({
  ...base.properties,
  encoding: stringEnum(['auto', 'latin1', 'utf8'] as const, {
    default: 'auto',
    description: 'text encoding of the item file',
  }),
});
export type MovielensOptions = Static<typeof movielensOptionsSchema>;

/**
 * MovieLens raw files: ML-100K (`u.data`, `u.item`, optional `u.genre`) or ML-1M (`ratings.dat`,
 * `movies.dat`) in one folder, detected by file name. Builds per-user time-ordered sequences with a
 * rating threshold, k-core filtering and the chosen split (see `splitSequences`).
 */
@injectable()
export class MovielensLoader implements DatasetLoader {
  readonly format = 'movielens';
  readonly description =
    'MovieLens raw files: ML-100K (u.data, u.item; Latin-1) or ML-1M (ratings.dat, movies.dat; "::"-separated)';
  readonly optionsSchema = movielensOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(movielensOptionsSchema, rawOptions, this.format);
    const file = (name: string) => join(path, name);
    const is100k = existsSync(file('u.data'));
    const is1m = existsSync(file('ratings.dat'));
    if (!is100k && !is1m)
      throw new BladeUserError(
        'not a MovieLens folder: expected u.data + u.item (ML-100K) or ratings.dat + movies.dat (ML-1M)',
        { file: path },
      );
    const itemsFile = file(is100k ? 'u.item' : 'movies.dat');
    if (!existsSync(itemsFile)) throw new BladeUserError(`missing ${basename(itemsFile)}`, { file: path });
    const report = new LoadReportBuilder();
    const table = new InteractionTable();
    const movies: MovieRecord[] = [];

    const bytes = await readBytes(itemsFile);
    const encoding: TextEncoding = options.encoding === 'auto' ? detectLatin1OrUtf8(bytes) : options.encoding;
    report.note(
      `${basename(itemsFile)} read as ${encoding === 'utf8' ? 'UTF-8' : 'Latin-1'}${options.encoding === 'auto' ? ' (detected)' : ''}`,
    );
    let genres: readonly string[] = ML100K_GENRES;
    if (is100k && existsSync(file('u.genre'))) genres = await readGenres(file('u.genre'), report);
    const lines = decodeText(bytes, itemsFile, encoding).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((raw, k) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const where = { file: itemsFile, line: k + 1 };
      if (text.trim() === '') {
        report.count('blank-line');
        return;
      }
      const movie = locate(where, () => (is100k ? parseUItemLine(text, genres) : parseMoviesDatLine(text)));
      if (table.knownItem(movie.id) >= 0) throw new BladeUserError(`duplicate movie id ${movie.id}`, where);
      table.item(movie.id);
      movies.push(movie);
    });
    const titles = new Set<string>();
    for (const m of movies) {
      if (titles.has(m.title)) report.count('duplicate-title');
      titles.add(m.title);
    }

    const ratingsFile = file(is100k ? 'u.data' : 'ratings.dat');
    const separator = is100k ? '\t' : '::';
    for await (const { line, text } of readLines(ratingsFile, 'latin1')) {
      if (text.trim() === '') {
        report.count('blank-line');
        continue;
      }
      const r = locate({ file: ratingsFile, line }, () => parseRatingLine(text, separator));
      const item = table.knownItem(r.item);
      if (item < 0) {
        report.count('unknown-item');
        continue;
      }
      table.add(r.user, item, r.timestamp, r.rating);
    }
    const name = basename(path);
    return interactionsToDataset(
      table,
      { name, format: this.format, itemInfo: (i) => ({ title: movies[i]!.title, categories: movies[i]!.genres }) },
      options,
      report,
    );
  }
}

async function readGenres(file: string, report: LoadReportBuilder): Promise<string[]> {
  const names: string[] = [];
  for await (const { line, text } of readLines(file, 'latin1')) {
    if (text.trim() === '') {
      report.count('blank-line');
      continue;
    }
    const g = locate({ file, line }, () => parseUGenreLine(text));
    if (g.index !== names.length)
      throw new BladeUserError(`genre index ${g.index} out of order (expected ${names.length})`, { file, line });
    names.push(g.name);
  }
  return names;
}
