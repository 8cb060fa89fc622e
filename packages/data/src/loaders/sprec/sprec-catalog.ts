import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BladeUserError } from '@bladerec/core';
import { CatalogBuilder } from '../../catalog/catalog-builder.js';
import type { InMemoryCatalog } from '../../catalog/in-memory-catalog.js';
import type { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { readJsonFile } from '../../io/json-file.js';

/** The catalog of an SPRec folder and the title → item lookup its prompts are resolved with. */
export interface SprecCatalog {
  readonly catalog: InMemoryCatalog;
  /** Title → catalog index (for a title shared by several ids: the id `name2id.json` gives). */
  readonly byTitle: ReadonlyMap<string, number>;
}

/**
 * Reads the SPRec/BIGRec catalog files of `dir`:
 * - `id2name.json` `{"0": "Title", …}` and/or `name2id.json` `{"Title": 0, …}` (at least one; when
 *   both exist they must agree);
 * - optional `name2genre.json` `{"Title": ["genre", …]}` and `genre_dict.json` `{"genre": 0, …}`
 *   (the genre vocabulary: it fixes the order of genre names, and genres outside it are dropped,
 *   counted as `genre-not-in-dictionary`).
 *
 * Items are ordered by id (numerically when every id is an integer).
 */
export async function readSprecCatalog(dir: string, report: LoadReportBuilder): Promise<SprecCatalog> {
  const file = (name: string) => join(dir, name);
  const id2nameFile = file('id2name.json');
  const name2idFile = file('name2id.json');
  const hasId2name = existsSync(id2nameFile);
  const hasName2id = existsSync(name2idFile);
  if (!hasId2name && !hasName2id)
    throw new BladeUserError(`no catalog: expected id2name.json or name2id.json next to the examples`, { file: dir });

  const entries: { id: string; title: string }[] = [];
  if (hasId2name) {
    for (const [id, title] of Object.entries(objectOf(await readJsonFile(id2nameFile), id2nameFile))) {
      if (typeof title !== 'string')
        throw new BladeUserError(`id ${JSON.stringify(id)}: the title must be a string`, { file: id2nameFile });
      entries.push({ id, title });
    }
  }
  let name2id: Map<string, string> | undefined;
  if (hasName2id) {
    name2id = new Map();
    const owner = new Map<string, string>();
    for (const [title, raw] of Object.entries(objectOf(await readJsonFile(name2idFile), name2idFile))) {
      if (!(typeof raw === 'string' || (typeof raw === 'number' && Number.isInteger(raw)))) {
        throw new BladeUserError(`title ${JSON.stringify(title)}: the id must be an integer or a string`, {
          file: name2idFile,
        });
      }
      const id = String(raw);
      const previous = owner.get(id);
      if (previous !== undefined)
        throw new BladeUserError(`titles ${JSON.stringify(previous)} and ${JSON.stringify(title)} both have id ${id}`, {
          file: name2idFile,
        });
      owner.set(id, title);
      name2id.set(title, id);
    }
    if (hasId2name) {
      const id2name = new Map(entries.map((e) => [e.id, e.title]));
      for (const [title, id] of name2id) {
        if (id2name.get(id) !== title) {
          throw new BladeUserError(
            `name2id.json maps ${JSON.stringify(title)} to id ${id}, but id2name.json ${id2name.has(id) ? `names id ${id} ${JSON.stringify(id2name.get(id))}` : `has no id ${id}`}`,
            { file: name2idFile },
          );
        }
      }
    } else {
      for (const [title, id] of name2id) entries.push({ id, title });
    }
  }
  if (entries.every((e) => /^(0|[1-9]\d*)$/.test(e.id))) entries.sort((a, b) => Number(a.id) - Number(b.id));

  const genreFile = file('name2genre.json');
  const dictFile = file('genre_dict.json');
  const genreNames = existsSync(dictFile) ? Object.keys(objectOf(await readJsonFile(dictFile), dictFile)) : [];
  let genres: Map<string, string[]> | undefined;
  if (existsSync(genreFile)) {
    genres = new Map();
    for (const [title, raw] of Object.entries(objectOf(await readJsonFile(genreFile), genreFile))) {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) {
        throw new BladeUserError(`title ${JSON.stringify(title)}: genres must be a string or an array of strings`, {
          file: genreFile,
        });
      }
      genres.set(title, list as string[]);
    }
  }

  const builder = new CatalogBuilder({ categoryNames: genreNames });
  const byTitle = new Map<string, number>();
  const titles = new Set<string>();
  for (const { id, title } of entries) {
    if (titles.has(title)) report.count('duplicate-title');
    titles.add(title);
    let categories = genres?.get(title);
    if (genres && categories === undefined) report.count('missing-genre');
    if (categories && genreNames.length > 0) {
      const kept = categories.filter((g) => genreNames.includes(g));
      report.count('genre-not-in-dictionary', categories.length - kept.length);
      categories = kept;
    }
    const index = builder.add({ id, title, categories });
    if (!byTitle.has(title) || name2id?.get(title) === id) byTitle.set(title, index);
  }
  if (genres) for (const title of genres.keys()) if (!titles.has(title)) report.count('genre-unknown-title');
  return { catalog: builder.build(), byTitle };
}

function objectOf(read: { value: unknown }, file: string): Record<string, unknown> {
  const v = read.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BladeUserError('expected a JSON object', { file });
  return v as Record<string, unknown>;
}
