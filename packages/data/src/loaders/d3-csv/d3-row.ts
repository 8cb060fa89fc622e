import { RecordError } from '../../dataset/record-error.js';
import { parsePythonLiteralList } from './python-literal-list.js';

/** The D3/BIGRec CSV columns, in their usual order. Only `history_item_id` and `item_id` are required. */
export const D3_COLUMNS = [
  'user_id',
  'item_asins',
  'item_asin',
  'history_item_id',
  'item_id',
  'history_item_title',
  'item_title',
  'history_rating',
  'rating',
  'history_timestamp',
  'timestamp',
] as const;

/** Column positions read from a header line. */
export interface D3Header {
  readonly width: number;
  readonly user?: number;
  readonly historyIds: number;
  readonly itemId: number;
  readonly historyTitles?: number;
  readonly itemTitle?: number;
}

/** One D3 row: item ids as strings, titles when the file has them. */
export interface D3Row {
  readonly user?: string;
  readonly history: string[];
  readonly target: string;
  readonly historyTitles?: string[];
  readonly targetTitle?: string;
}

/** Reads the header; the column names must be unique and include `history_item_id` and `item_id`. */
export function parseD3Header(fields: readonly string[]): D3Header {
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    const name = f.trim();
    if (index.has(name)) throw new RecordError(`duplicate column ${JSON.stringify(name)} in the header`);
    index.set(name, i);
  });
  for (const required of ['history_item_id', 'item_id']) {
    if (!index.has(required))
      throw new RecordError(`the header has no ${required} column (expected columns: ${D3_COLUMNS.join(', ')})`);
  }
  return {
    width: fields.length,
    user: index.get('user_id'),
    historyIds: index.get('history_item_id')!,
    itemId: index.get('item_id')!,
    historyTitles: index.get('history_item_title'),
    itemTitle: index.get('item_title'),
  };
}

/**
 * Parses one data row. List columns are Python literal lists ({@link parsePythonLiteralList}); ids
 * must be integers or strings; the history title list, when present, must be as long as the id list.
 * @throws RecordError for a wrong column count, a bad list, a bad id or mismatched list lengths.
 */
export function parseD3Row(fields: readonly string[], header: D3Header): D3Row {
  if (fields.length !== header.width)
    throw new RecordError(`expected ${header.width} columns (as in the header), found ${fields.length}`);
  const column = (name: string, i: number): string[] => {
    let list;
    try {
      list = parsePythonLiteralList(fields[i]!);
    } catch (error) {
      throw new RecordError(`column ${name}: ${(error as Error).message}`);
    }
    return list.map((v) => {
      if (typeof v === 'number' && !Number.isInteger(v))
        throw new RecordError(`column ${name}: item id ${v} is not an integer`);
      return String(v);
    });
  };
  const history = column('history_item_id', header.historyIds);
  const target = fields[header.itemId]!.trim();
  if (!/^[^\s]+$/.test(target))
    throw new RecordError(`column item_id: expected one item id, found ${JSON.stringify(fields[header.itemId])}`);
  const id = /^-?\d+\.0+$/.test(target) ? target.replace(/\.0+$/, '') : target;
  let historyTitles: string[] | undefined;
  if (header.historyTitles !== undefined) {
    historyTitles = column('history_item_title', header.historyTitles);
    if (historyTitles.length !== history.length) {
      throw new RecordError(
        `history_item_title has ${historyTitles.length} titles but history_item_id has ${history.length} ids`,
      );
    }
  }
  const user = header.user === undefined ? undefined : fields[header.user]!;
  return {
    user: user === '' ? undefined : user,
    history,
    target: id,
    historyTitles,
    targetTitle: header.itemTitle === undefined ? undefined : fields[header.itemTitle]!,
  };
}
