import { BladeUserError } from '@bladerec/core';
import { CatalogBuilder, type CatalogItemInput } from '../catalog/catalog-builder.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { readJsonFile } from '../io/json-file.js';
import { readJsonLines } from '../io/json-lines.js';

/**
 * Reads the canonical catalog format:
 *
 * - `catalog.json`: `{"items": [{"id": "i1", "title"?: "…", "categories"?: ["…"], "group"?: "…",
 *   "embedding"?: [0.1, …], "popularity"?: 12}, …]}` with optional top-level `"categories"` and
 *   `"groups"` (name arrays fixing the order of category and group names; names not listed are
 *   appended in first-seen order) and `"embeddingSource"` (how the embeddings were made, default
 *   `provided`).
 * - `catalog.jsonl`: the same item objects, one per line.
 *
 * Ids are strings (numbers are accepted and converted). Every item has an embedding or none does.
 * @throws BladeUserError naming the file, the item (`items[3]` or the line) and the reason.
 */
export async function readCatalogFile(file: string): Promise<InMemoryCatalog> {
  let builder = new CatalogBuilder();
  let embeddingSource = 'provided';
  if (file.endsWith('.jsonl')) {
    for await (const { line, value } of readJsonLines(file)) addItem(builder, value, { file, line }, `line ${line}`);
  } else {
    const doc = (await readJsonFile(file)).value;
    const items = (doc as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) throw new BladeUserError('expected an object with an "items" array', { file });
    const top = doc as Record<string, unknown>;
    const fail = (reason: string): never => {
      throw new BladeUserError(reason, { file });
    };
    builder = new CatalogBuilder({
      categoryNames: optionalStrings(top['categories'], 'top-level "categories"', fail),
      groupNames: optionalStrings(top['groups'], 'top-level "groups"', fail),
    });
    embeddingSource = optionalString(top['embeddingSource'], '"embeddingSource"', fail) ?? embeddingSource;
    items.forEach((value, i) => addItem(builder, value, { file }, `items[${i}]`));
  }
  try {
    return builder.build(embeddingSource);
  } catch (error) {
    throw new BladeUserError((error as Error).message, { file });
  }
}

function addItem(
  builder: CatalogBuilder,
  value: unknown,
  location: { file: string; line?: number },
  where: string,
): void {
  const fail = (reason: string): never => {
    throw new BladeUserError(location.line === undefined ? `${where}: ${reason}` : reason, location);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('an item must be an object');
  const raw = value as Record<string, unknown>;
  if (typeof raw['id'] !== 'string' && typeof raw['id'] !== 'number') fail('"id" must be a string');
  const item: CatalogItemInput = {
    id: String(raw['id']),
    title: optionalString(raw['title'], '"title"', fail),
    categories: optionalStrings(raw['categories'], '"categories"', fail),
    group: raw['group'] === undefined ? undefined : String(raw['group']),
    popularity: optionalNumber(raw['popularity'], '"popularity"', fail),
    embedding: optionalNumbers(raw['embedding'], '"embedding"', fail),
  };
  try {
    builder.add(item);
  } catch (error) {
    fail((error as Error).message);
  }
}

function optionalString(v: unknown, name: string, fail: (r: string) => never): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : fail(`${name} must be a string`);
}

function optionalStrings(v: unknown, name: string, fail: (r: string) => never): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(`${name} must be an array of strings`);
  return v as string[];
}

function optionalNumber(v: unknown, name: string, fail: (r: string) => never): number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(`${name} must be a non-negative number`);
}

function optionalNumbers(v: unknown, name: string, fail: (r: string) => never): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return fail(`${name} must be an array of finite numbers`);
  return v as number[];
}
