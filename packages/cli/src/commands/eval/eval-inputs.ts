import {
  BladeUserError,
  type Catalog,
  csrFromArrays,
  type ItemSide,
  PAD_ITEM,
  type RelevanceBatch,
  type RewardInputs,
  UNKNOWN_ITEM,
} from '@bladerec/core';
import { readCatalogFile, readJsonLines } from '@bladerec/data';

/** What {@link readEvalInputs} read, plus counts worth telling the user. */
export interface EvalInputs {
  readonly inputs: RewardInputs;
  /** User id of each row. */
  readonly users: readonly string[];
  readonly catalog?: Catalog;
  /** List items not in the catalog (kept as unknown items). */
  readonly unknownListItems: number;
  /** Truth users without a list (not evaluated). */
  readonly truthWithoutList: number;
  /** Users whose truth has no relevant item (their accuracy metrics are 0). */
  readonly usersWithoutRelevant: number;
  /**
   * History entries outside the catalog, dropped from the histories (as SPRec skips them), and
   * where the first one is: an error only for metrics that read histories.
   */
  readonly historyOutsideCatalog: {
    readonly count: number;
    readonly first?: { readonly id: string; readonly line: number };
  };
}

interface TruthRow {
  readonly line: number;
  readonly relevant: Map<string, number>;
  readonly history: string[];
}

/**
 * Reads the `blade eval` input files:
 * - lists (JSONL): `{"user": "u1", "items": ["i3", "i7", …]}`, ranked, one line per user;
 * - truth (JSONL): `{"user": "u1", "relevant": ["i7"] | {"i7": 2}, "history"?: ["i1", …]}`;
 * - catalog (optional, JSON or JSONL; see `readCatalogFile`).
 *
 * With a catalog the item space is the catalog: list items outside it become unknown items
 * (no gain, position kept) and are counted; truth items outside it are an error. Without a
 * catalog the item space is every id seen in the two files. History items outside the catalog are
 * dropped and counted (`historyOutsideCatalog`): the caller decides whether that is an error.
 *
 * @throws BladeUserError naming file, line and reason for malformed lines, duplicate users, lists
 *   of users without truth, relevant items missing from the catalog, and a lists file without lists.
 */
export async function readEvalInputs(files: { lists: string; truth: string; catalog?: string }): Promise<EvalInputs> {
  const catalog = files.catalog ? await readCatalogFile(files.catalog) : undefined;
  const truth = await readTruth(files.truth);
  const lists: { user: string; line: number; items: string[] }[] = [];
  const seen = new Set<string>();
  for await (const { line, value } of readJsonLines(files.lists)) {
    const where = { file: files.lists, line };
    const row = asObject(value, where);
    const user = idField(row['user'], '"user"', where);
    const items = idArray(row['items'], '"items"', where);
    if (seen.has(user)) throw new BladeUserError(`duplicate list for user ${JSON.stringify(user)}`, where);
    if (!truth.has(user))
      throw new BladeUserError(`user ${JSON.stringify(user)} has no truth row in ${files.truth}`, where);
    seen.add(user);
    lists.push({ user, line, items });
  }
  if (lists.length === 0)
    throw new BladeUserError('the lists file is empty: expected one {"user", "items"} object per line', {
      file: files.lists,
    });

  // item space
  const extra = new Map<string, number>();
  const indexOf = (id: string): number => {
    if (catalog) return catalog.indexOf(id);
    let i = extra.get(id);
    if (i === undefined) {
      i = extra.size;
      extra.set(id, i);
    }
    return i;
  };
  const truthIndex = (id: string, row: TruthRow, field: string): number => {
    const i = indexOf(id);
    if (i < 0)
      throw new BladeUserError(`${field} item ${JSON.stringify(id)} is not in the catalog ${files.catalog}`, {
        file: files.truth,
        line: row.line,
      });
    return i;
  };

  const width = lists.reduce((w, l) => Math.max(w, l.items.length), 0);
  const items = new Int32Array(lists.length * width).fill(PAD_ITEM);
  let unknownListItems = 0;
  const relIds: number[][] = [];
  const grades: number[] = [];
  const history: number[][] = [];
  let usersWithoutRelevant = 0;
  let historyDropped = 0;
  let firstDropped: { id: string; line: number } | undefined;
  const historyIndices = (row: TruthRow): number[] => {
    const out: number[] = [];
    for (const id of row.history) {
      const i = indexOf(id);
      if (i >= 0) out.push(i);
      else {
        historyDropped++;
        firstDropped ??= { id, line: row.line };
      }
    }
    return out;
  };
  lists.forEach((list, b) => {
    const row = truth.get(list.user)!;
    const rel: number[] = [];
    for (const [id, grade] of row.relevant) {
      rel.push(truthIndex(id, row, 'relevant'));
      grades.push(grade);
    }
    if (rel.length === 0) usersWithoutRelevant++;
    relIds.push(rel);
    history.push(historyIndices(row));
    list.items.forEach((id, k) => {
      const i = indexOf(id);
      if (i < 0) unknownListItems++;
      items[b * width + k] = i < 0 ? UNKNOWN_ITEM : i;
    });
  });
  const relevance: RelevanceBatch = { ...csrFromArrays(relIds), grades: Float32Array.from(grades) };
  const side: ItemSide = catalog ? catalog.itemSide() : { numItems: extra.size };
  const anyHistory = [...truth.values()].some((t) => t.history.length > 0);
  return {
    inputs: {
      lists: { size: lists.length, width, items },
      relevance,
      history: anyHistory ? csrFromArrays(history) : undefined,
      items: side,
    },
    users: lists.map((l) => l.user),
    catalog,
    unknownListItems,
    truthWithoutList: [...truth.keys()].filter((u) => !seen.has(u)).length,
    usersWithoutRelevant,
    historyOutsideCatalog: { count: historyDropped, first: firstDropped },
  };
}

async function readTruth(file: string): Promise<Map<string, TruthRow>> {
  const truth = new Map<string, TruthRow>();
  for await (const { line, value } of readJsonLines(file)) {
    const where = { file, line };
    const row = asObject(value, where);
    const user = idField(row['user'], '"user"', where);
    if (truth.has(user)) throw new BladeUserError(`duplicate truth row for user ${JSON.stringify(user)}`, where);
    const rawRelevant = row['relevant'];
    if (rawRelevant === undefined)
      throw new BladeUserError(`user ${JSON.stringify(user)} has no "relevant" field`, where);
    const relevant = new Map<string, number>();
    if (Array.isArray(rawRelevant)) {
      for (const id of idArray(rawRelevant, '"relevant"', where)) relevant.set(id, 1);
    } else if (typeof rawRelevant === 'object' && rawRelevant !== null) {
      for (const [id, grade] of Object.entries(rawRelevant)) {
        if (typeof grade !== 'number' || !Number.isFinite(grade) || grade < 0) {
          throw new BladeUserError(`"relevant" grade of ${JSON.stringify(id)} must be a non-negative number`, where);
        }
        if (grade > 0) relevant.set(id, grade);
      }
    } else {
      throw new BladeUserError('"relevant" must be an array of item ids or an object {itemId: grade}', where);
    }
    const history = row['history'] === undefined ? [] : idArray(row['history'], '"history"', where);
    truth.set(user, { line, relevant, history });
  }
  return truth;
}

function asObject(value: unknown, where: { file: string; line: number }): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BladeUserError('expected a JSON object', where);
  return value as Record<string, unknown>;
}

function idField(value: unknown, name: string, where: { file: string; line: number }): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new BladeUserError(`${name} must be a non-empty string`, where);
}

function idArray(value: unknown, name: string, where: { file: string; line: number }): string[] {
  if (!Array.isArray(value)) throw new BladeUserError(`${name} must be an array of item ids`, where);
  return value.map((v, i) => idField(v, `${name}[${i}]`, where));
}
