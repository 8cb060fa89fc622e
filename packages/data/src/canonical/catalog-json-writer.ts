import type { Catalog } from '@bladerec/core';
import { csrRow } from '@bladerec/core';

/**
 * A catalog as the JSON document {@link readCatalogFile} reads back: top-level `categories`,
 * `groups` and `embeddingSource`, then one item object per line (so diffs stay readable). Embedding
 * values are written with 9 significant digits, which round-trips float32 exactly.
 */
export function catalogToJson(catalog: Catalog): string {
  const head: Record<string, unknown> = { categories: catalog.categories.names };
  if (catalog.groups) head['groups'] = catalog.groups.names;
  if (catalog.embeddings) head['embeddingSource'] = catalog.embeddings.source;
  const items: string[] = [];
  for (let i = 0; i < catalog.size; i++) {
    const item: Record<string, unknown> = { id: catalog.ids[i] };
    if (catalog.titles[i] !== '') item['title'] = catalog.titles[i];
    const cats = csrRow(catalog.categories.ofItem, i);
    if (cats.length > 0) item['categories'] = Array.from(cats, (c) => catalog.categories.names[c]);
    if (catalog.groups && catalog.groups.of[i]! >= 0) item['group'] = catalog.groups.names[catalog.groups.of[i]!];
    item['popularity'] = catalog.popularity[i];
    if (catalog.embeddings) {
      const { dim, data } = catalog.embeddings;
      item['embedding'] = Array.from(data.subarray(i * dim, (i + 1) * dim), (x) => Number(x.toPrecision(9)));
    }
    items.push(JSON.stringify(item));
  }
  const headText = JSON.stringify(head);
  return `${headText.slice(0, -1)},"items":[\n${items.join(',\n')}\n]}\n`;
}
