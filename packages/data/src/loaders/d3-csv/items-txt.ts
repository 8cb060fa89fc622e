import { RecordError } from '../../dataset/record-error.js';

/**
 * Parses one line of `items.txt`: `title<TAB>item_id`. The id follows the **last** tab (so a title
 * may contain tabs) and must not be empty.
 * @throws RecordError when the line has no tab or no id.
 */
export function parseItemsTxtLine(text: string): { title: string; id: string } {
  const tab = text.lastIndexOf('\t');
  if (tab < 0) throw new RecordError('expected "title<TAB>item_id" but the line has no tab');
  const id = text.slice(tab + 1).trim();
  if (id === '') throw new RecordError('empty item id after the tab');
  return { title: text.slice(0, tab), id };
}
