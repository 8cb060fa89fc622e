import type { SequenceDataset, SequenceExample } from '@bladerec/core';
import { CatalogBuilder, type CatalogItemInput } from '../catalog/catalog-builder.js';
import { finishDataset } from '../dataset/finish-dataset.js';
import type { LoadReportBuilder } from '../dataset/load-report-builder.js';
import type { InteractionOptions } from './interaction-options.js';
import type { InteractionTable } from './interaction-table.js';
import { splitSequences } from './split-sequences.js';
import { buildUserSequences } from './user-sequences.js';

/**
 * The shared back half of the interaction loaders: sequences ({@link buildUserSequences}), a catalog
 * of the items that still have interactions (in table order; items without any are counted as
 * `item-without-interactions` or `k-core-removed-items`), the split ({@link splitSequences}) and
 * the common finishing steps. `itemInfo` gives titles and categories of table items.
 */
export function interactionsToDataset(
  table: InteractionTable,
  meta: { name: string; format: string; itemInfo?: (item: number) => Omit<CatalogItemInput, 'id'> },
  options: InteractionOptions,
  report: LoadReportBuilder,
): SequenceDataset {
  const seqs = buildUserSequences(table, options, report);
  const builder = new CatalogBuilder();
  const remap = new Int32Array(table.itemIds.length).fill(-1);
  table.itemIds.forEach((id, i) => {
    if (seqs.itemKept[i]) remap[i] = builder.add({ ...(meta.itemInfo?.(i) ?? {}), id });
    else if (!seqs.itemRemovedByKCore[i]) report.count('item-without-interactions');
  });
  const sequences = seqs.sequences.map((s) => s.map((i) => remap[i]!));
  const split = splitSequences(seqs.users, sequences, builder.size, options, report);
  report.note(
    `sequences: ${seqs.users.length} users, split ${options.split}` +
      (options.ratingThreshold === undefined ? '' : `, rating ≥ ${options.ratingThreshold}`) +
      `, ${options.kCore}-core` +
      (options.split === 'by-user' ? `, seed ${options.seed}` : ''),
  );
  const catalog = builder.build().withPopularity(split.popularity);
  const splits: { train: SequenceExample[]; valid: SequenceExample[]; test: SequenceExample[] } = split;
  return finishDataset({ name: meta.name, format: meta.format, catalog, splits }, options, report, {
    popularityFromTrain: false,
  });
}
