import { existsSync } from 'node:fs';
import { BladeUserError } from '@bladerec/core';
import type { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { readJsonFile } from '../../io/json-file.js';

/**
 * Reads `popularity_groups.json` `{"0": [ids], "1": [ids], …}`: group names in file order, one
 * group per listed item (−1 for items not listed, counted as `ungrouped-item`).
 * @throws BladeUserError when an id is unknown or listed in two groups.
 */
export async function readPopularityGroups(
  file: string,
  indexOf: (id: string) => number,
  size: number,
  report: LoadReportBuilder,
): Promise<{ names: string[]; of: Int32Array } | undefined> {
  if (!existsSync(file)) return undefined;
  const { value } = await readJsonFile(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BladeUserError('expected a JSON object {"group": [item ids]}', { file });
  const of = new Int32Array(size).fill(-1);
  const names = Object.keys(value);
  names.forEach((name, g) => {
    const ids = (value as Record<string, unknown>)[name];
    if (!Array.isArray(ids))
      throw new BladeUserError(`group ${JSON.stringify(name)} must be an array of item ids`, { file });
    for (const raw of ids) {
      const id = String(raw);
      const i = typeof raw === 'string' || typeof raw === 'number' ? indexOf(id) : -1;
      if (i < 0)
        throw new BladeUserError(
          `group ${JSON.stringify(name)} lists ${JSON.stringify(raw)}, which is not an item of items.txt`,
          { file },
        );
      if (of[i] !== -1)
        throw new BladeUserError(
          `item ${id} is in groups ${JSON.stringify(names[of[i]!])} and ${JSON.stringify(name)}`,
          { file },
        );
      of[i] = g;
    }
  });
  report.count('ungrouped-item', of.filter((g) => g < 0).length);
  return { names, of };
}

/**
 * Reads `title_interaction_counts.json` `{"title": count}` into per-item popularity. A title shared
 * by several items (`duplicate-title`) credits the one item of them that has a popularity group, or
 * else the first; a title not in the catalog is counted as `popularity-unknown-title`.
 */
export async function readTitleCounts(
  file: string,
  titles: readonly string[],
  groupOf: Int32Array | undefined,
  report: LoadReportBuilder,
): Promise<Float64Array | undefined> {
  if (!existsSync(file)) return undefined;
  const { value } = await readJsonFile(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BladeUserError('expected a JSON object {"title": count}', { file });
  const byTitle = new Map<string, number[]>();
  titles.forEach((t, i) => {
    const list = byTitle.get(t);
    if (list) list.push(i);
    else byTitle.set(t, [i]);
  });
  const popularity = new Float64Array(titles.length);
  for (const [title, count] of Object.entries(value as Record<string, unknown>)) {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0)
      throw new BladeUserError(`the count of ${JSON.stringify(title)} must be a non-negative number`, { file });
    const items = byTitle.get(title);
    if (!items) {
      report.count('popularity-unknown-title');
      continue;
    }
    const grouped = groupOf ? items.filter((i) => groupOf[i]! >= 0) : [];
    popularity[grouped.length === 1 ? grouped[0]! : items[0]!] = count;
  }
  return popularity;
}
